import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { enUs, grouped, int, upTo, formatNumber } from '../../src/shared/format/numbers'

/** What the formatter replaces: ICU's en-US number text. */
const icu = (v: number, min: number, max: number) =>
  v.toLocaleString('en-US', { minimumFractionDigits: min, maximumFractionDigits: max })

/** Doubles of every size a report shows, and the decimal ties where rounding rules differ ("1.005", "2.5"). */
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 8),
  fc.constantFrom(0, -0, 1.005, 2.5, -2.5, 0.125, 9.995, 99.95, 999999.995, 1e21, 1.5e300, 5e-324, -0.0004)
)

describe('enUs: the en-US number text without Intl', () => {
  it('equals toLocaleString en-US for any double and 0–6 decimals (fast-check, 3,000 cases)', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (v, a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a]
        expect(enUs(v, min, max)).toBe(icu(v, min, max))
        expect(enUs(v)).toBe(v.toLocaleString('en-US'))
      }),
      { numRuns: 3000, seed: 33 }
    )
  })

  it('keeps the formatters built on it as they read', () => {
    expect(grouped(15880.5)).toBe('15,880.50')
    expect(grouped(-0.001)).toBe('0.00')
    expect(grouped(1.005)).toBe(icu(1.005, 2, 2))
    expect(int(-0.4)).toBe('0')
    expect(int(1234567.5)).toBe('1,234,568')
    expect(upTo(0.125, 2)).toBe('0.13')
    expect(upTo(1000, 2)).toBe('1,000')
    expect(formatNumber(-0)).toBe('-0')
    expect(formatNumber(752.836)).toBe('752.8')
    expect(formatNumber(0.12345)).toBe('0.1235')
  })
})
