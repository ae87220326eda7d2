import { describe, expect, it } from 'vitest'
import { isTrustedUrl } from '../../src/main/trusted-url'

describe('isTrustedUrl', () => {
  const file = '/opt/PriceLab/out/renderer/index.html'
  it('accepts only our renderer file', () => {
    expect(isTrustedUrl('file:///opt/PriceLab/out/renderer/index.html', file)).toBe(true)
    expect(isTrustedUrl('file:///opt/PriceLab/out/renderer/index.html#/data', file)).toBe(true)
    expect(isTrustedUrl('file:///etc/passwd', file)).toBe(false)
    expect(isTrustedUrl('https://evil.example/', file)).toBe(false)
    expect(isTrustedUrl('not a url', file)).toBe(false)
  })
  it('accepts the dev server only on localhost and only when one is set', () => {
    expect(isTrustedUrl('http://localhost:5173/', file, 'http://localhost:5173')).toBe(true)
    expect(isTrustedUrl('http://localhost:5174/', file, 'http://localhost:5173')).toBe(false)
    expect(isTrustedUrl('http://localhost:5173/', file)).toBe(false)
  })
})
