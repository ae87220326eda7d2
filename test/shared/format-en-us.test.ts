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

/** The formatters as they were: toLocaleString, a new Intl.NumberFormat per call. */
const noNegativeZero = (s: string): string => (/^-[0.]+$/.test(s) ? s.slice(1) : s)
const reference = {
  grouped: (v: number, d: number) =>
    noNegativeZero(v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })),
  int: (v: number) => noNegativeZero(Math.round(v).toLocaleString('en-US')),
  upTo: (v: number, d: number) => noNegativeZero(v.toLocaleString('en-US', { maximumFractionDigits: d })),
  formatNumber: (v: number) => {
    if (Number.isInteger(v)) return v.toLocaleString('en-US')
    const a = Math.abs(v)
    return v.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 1 : a >= 1 ? 2 : 4 })
  }
}

/** Values of every scale, halves that round either way, negative zero and noise around zeros. */
function values(seed: number): number[] {
  // mulberry32: a small seeded generator, so the values are the same on every run.
  let a = seed
  const rng = {
    uniform: () => {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }
  const out = [
    0, -0, 0.5, -0.5, 1.005, 2.675, 0.125, -0.0049, 1e21, 1.5e21, -1e-7, 123456789.125, 9.995, 99.95, 999.995
  ]
  for (let i = 0; i < 4000; i++) {
    const scale = 10 ** Math.floor(rng.uniform() * 16 - 6)
    const v = (rng.uniform() - 0.5) * 2 * scale
    out.push(v, Math.round(v * 100) / 100, Math.round(v * 1000) / 1000 + 0.0005)
  }
  return out
}

describe('the number formatters built on enUs', () => {
  it('write every value exactly as toLocaleString did', () => {
    for (const seed of [1, 2]) {
      for (const v of values(seed)) {
        for (const d of [0, 1, 2, 3, 4]) {
          expect(grouped(v, d)).toBe(reference.grouped(v, d))
          expect(upTo(v, d)).toBe(reference.upTo(v, d))
        }
        expect(int(v)).toBe(reference.int(v))
        expect(formatNumber(v)).toBe(reference.formatNumber(v))
      }
    }
  })
})
