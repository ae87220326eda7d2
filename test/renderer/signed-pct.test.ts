// A change that rounds to zero is never "+0.0%" (the report listed 19 such rows, issue 28).
import { describe, expect, it } from 'vitest'
import { signedPct } from '../../src/renderer/src/format'

describe('signedPct', () => {
  it('shows the digits a small change needs, and "no change" for none', () => {
    expect(signedPct(5.44)).toBe('+5.44%')
    expect(signedPct(5.44, 1)).toBe('+5.4%')
    expect(signedPct(-1.25, 2)).toBe('-1.25%')
    expect(signedPct(0.04)).toBe('+0.04%')
    expect(signedPct(-0.004)).toBe('-0.004%')
    expect(signedPct(0.04, 1)).toBe('+0.04%')
    expect(signedPct(0)).toBe('no change')
    expect(signedPct(0.00001)).toBe('no change')
    expect(signedPct(null)).toBe('—')
  })
})
