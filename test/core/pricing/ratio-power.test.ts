import { describe, expect, it } from 'vitest'
import { ratioPower } from '../../../src/core/pricing/causal-demand'
import { Rng } from '../../../src/core/util/rng'

/** Distance in units of the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16))
  v.setFloat64(0, a)
  v.setFloat64(8, b)
  return Number(v.getBigInt64(0) - v.getBigInt64(8))
}

describe('the causal curve’s (p/p₀)^ε (exp of ε·ln, in place of Math.pow)', () => {
  it('stays within a few ulps of Math.pow over the ratios and elasticities pricing meets, over 4 seeds', () => {
    // ln's rounding is carried through the exponent: the error grows with |ε·ln(p/p₀)| (≤ 18.4 here), a few
    // ulps at the ±20–50% changes a sheet makes.
    for (const seed of [1, 2, 3, 4]) {
      const rng = new Rng(seed)
      let worst = 0
      let exact = 0
      for (let k = 0; k < 20_000; k++) {
        // Candidate prices reach from a tenth to ten times today's; elasticities from −8 to +1.
        const ratio = Math.exp(rng.uniform(Math.log(0.1), Math.log(10)))
        const e = rng.uniform(-8, 1)
        const d = Math.abs(ulps(ratioPower(ratio, e), Math.pow(ratio, e)))
        worst = Math.max(worst, d / (2 + Math.abs(e * Math.log(ratio))))
        if (d === 0) exact++
      }
      expect(worst).toBeLessThanOrEqual(2)
      // Bounded from below too: a routine that happened to be Math.pow itself would not need this test.
      expect(exact).toBeGreaterThan(1_000)
      expect(exact).toBeLessThan(20_000)
    }
  })

  it('is exactly 1 at today’s price and for an item without an elasticity (a flat curve), as Math.pow is', () => {
    for (const e of [-3.2, -1, 0, 0.5]) expect(ratioPower(1, e)).toBe(1)
    for (const r of [0.5, 1, 2.75]) expect(ratioPower(r, 0)).toBe(1)
  })
})
