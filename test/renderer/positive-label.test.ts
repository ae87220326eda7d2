// Propensity: a positive label typed in another case ("yes" for data holding "Yes") trains on "Yes"; the form must
// read it as the run's choice, or the results stay greyed as stale forever (issue 28).
import { describe, expect, it } from 'vitest'
import { samePositive } from '../../src/renderer/src/pages/propensity/labels'

describe('the positive label as the form compares it', () => {
  it('reads "yes" for a run on "Yes" as the same choice', () => {
    expect(samePositive('yes', 'Yes')).toBe('Yes')
    expect(samePositive(' YES ', 'Yes')).toBe('Yes')
    expect(samePositive('', 'Yes')).toBe('Yes')
    expect(samePositive('No', 'Yes')).toBe('No')
  })
})
