import { describe, expect, it } from 'vitest'
import { formatNumber, grouped, int, upTo } from '../../src/shared/format/numbers'

/** The formatter as it was: a new Intl.NumberFormat per call through toLocaleString. */
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

describe('the number formatters, their Intl formatters made once', () => {
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
