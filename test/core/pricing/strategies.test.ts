import { describe, expect, it } from 'vitest'
import {
  blendMultiplier,
  describeSteps,
  quoteBundle,
  strategySteps
} from '../../../src/core/pricing/strategies'
import { DEFAULT_STRATEGIES } from '../../../src/shared/pricing/defaults'
import { item } from './fixtures'

const season = Array.from({ length: 52 }, (_, w) => (w === 1 ? 1.3 : w === 30 ? 0.8 : 1))

describe('pricing strategies', () => {
  it('applies the seed rules and explains each one', () => {
    const young = item('1', 150, -1, { reference_price: 100, age_weeks: 3 })
    const steps = strategySteps(young, -0.5, { season, nextWeek: 1 }, DEFAULT_STRATEGIES)
    const m = Object.fromEntries(steps.map((s) => [s.strategy, s.multiplier]))
    expect(m).toEqual({ elasticity: 1.1, competitive: 0.95, lifecycle: 0.85, time: 1.05 })
    // Weighted 0.4/0.3/0.3, time on top.
    expect(blendMultiplier(steps, DEFAULT_STRATEGIES.weights)).toBeCloseTo(
      (0.4 * 1.1 + 0.3 * 0.95 + 0.3 * 0.85) * 1.05,
      12
    )
    expect(describeSteps(steps, DEFAULT_STRATEGIES.weights)).toMatch(
      /elasticity inelastic .*competitive 1\.50× .*lifecycle early-bird .*time peak week/
    )
    const rivalled = strategySteps(
      item('3', 150, -1, { reference_price: 100, reference_kind: 'competitor' }),
      -1,
      { season: null, nextWeek: null },
      DEFAULT_STRATEGIES
    )
    expect(rivalled[1].reason).toMatch(/1\.50× the competitor's price: -5\.00%/)
    const slump = strategySteps(
      item('2', 100, -1, { age_weeks: 50 }),
      -2,
      { season, nextWeek: 30 },
      DEFAULT_STRATEGIES
    )
    expect(slump.map((s) => s.multiplier)).toEqual([0.92, 1, 1, 0.95])
    expect(blendMultiplier(slump, { ...DEFAULT_STRATEGIES.weights, time: 0 })).toBeCloseTo(
      0.4 * 0.92 + 0.6,
      12
    )
  })

  it('prices a bundle from its members with the discount lifting demand through the elasticity', () => {
    const q = quoteBundle(
      [
        { id: 'a', price: 100, quantity: 40, elasticity: -1 },
        { id: 'b', price: 50, quantity: 60, elasticity: -2 }
      ],
      0.2
    )
    expect(q.bundle_price).toBe(120)
    expect(q.elasticity).toBeCloseTo((-100 - 100) / 150, 12)
    expect(q.expected_quantity).toBeCloseTo(40 * 0.8 ** q.elasticity, 12)
    expect(() => quoteBundle([{ id: 'a', price: 1, quantity: 1, elasticity: -1 }], 0.1)).toThrow(/two items/)
  })
})
