import { describe, expect, it } from 'vitest'
import { runDesignBench } from '../../../src/core/experiments/design-bench'

/**
 * The designs' bench at a small count (the full one is `npm run bench -- abtest-sim`): on the retail
 * sample's market (80 stores × 7 brands, seed 2), 200 null and 200 planted experiments (prices −2%)
 * per design, assignment and weeks seeded (3). Bounds are about 3 sd of a 200-replicate rate from
 * their targets: a false-positive rate at 5% has sd 1.5 points, a 90% coverage 2.1, a power near
 * 0.5 at most 3.5. Measured with the store left out of the analysis (errors per item), the same
 * seeds fail: stores FPR 11.5% and power 81% against 64% planned, switchback coverage 81.5% and
 * power 38% against 23% planned.
 */
describe('A/B designs on the retail sample: error rate, coverage and power against the plan', () => {
  it('store-clustered and switchback designs hold α, cover the decision’s effect and have the power planned', () => {
    const rows = runDesignBench({
      worldSeed: 2,
      seed: 3,
      replicates: 200,
      change: -0.02,
      alpha: 0.05,
      mde: 0.15,
      designs: ['stores', 'switchback']
    })
    for (const r of rows) {
      expect(r.null_false_positive_rate, r.design).toBeGreaterThanOrEqual(0.005)
      expect(r.null_false_positive_rate, r.design).toBeLessThanOrEqual(0.1)
      expect(r.planted.coverage_90, r.design).toBeGreaterThanOrEqual(0.84)
      expect(r.planted.coverage_90, r.design).toBeLessThanOrEqual(0.96)
      expect(Math.abs(r.planted.bias_relative), r.design).toBeLessThan(0.15)
      expect(r.planted.planned_power, r.design).not.toBeNull()
      expect(Math.abs(r.planted.power - (r.planted.planned_power as number)), r.design).toBeLessThanOrEqual(
        0.1
      )
      // The plan's expected effect (own and cross elasticities) is the decision's true effect.
      expect(
        Math.abs((r.planted.planned_expected_effect as number) / r.planted.true_effect - 1)
      ).toBeLessThan(0.05)
    }
  }, 240_000)
})
