import { describe, expect, it } from 'vitest'
import { causalDemand, heterogeneousSegments } from '../../../src/core/pricing/causal-demand'
import type { ItemEstimate } from '../../../src/shared/elasticity/model-results'
import { Rng } from '../../../src/core/util/rng'
import { item } from './fixtures'

describe('the causal demand curve', () => {
  it('is the baseline at today’s price times (p/p₀)^ε, the baseline predicted once', async () => {
    const items = [item('a', 2.5, -2), item('b', 4, -1)]
    let calls = 0
    const baseline = async (idx: Int32Array, prices: Float64Array) => {
      calls++
      // A model whose own price response is flat: only its level at today's price may matter.
      return Float64Array.from(idx, (i, k) => (i === 0 ? 100 : 40) + 0 * prices[k])
    }
    const eps = new Map([
      ['a', -2.4],
      ['b', null]
    ])
    const d = causalDemand(baseline, items, (it) => eps.get(it.id) ?? null)
    const q = await d(Int32Array.from([0, 0, 1]), Float64Array.from([2.5, 2, 8]))
    expect(q[0]).toBeCloseTo(100, 12)
    expect(q[1]).toBeCloseTo(100 * (2 / 2.5) ** -2.4, 12)
    expect(q[2]).toBe(40) // no elasticity: flat, so the optimizer keeps today's price
    await d(Int32Array.from([1]), Float64Array.from([3]))
    expect(calls).toBe(1)
  })

  it('keeps items’ own elasticities only where they really differ (Cochran’s Q test, p < 0.10), over several seeds', () => {
    const estimates = (seed: number, spread: number): ItemEstimate[] => {
      const rng = new Rng(seed)
      return Array.from({ length: 80 }, (_, k) => {
        const se = 0.1 + 0.1 * rng.uniform(0, 1)
        const own = -2 + rng.normal(0, spread) + rng.normal(0, se)
        return {
          item: String(k),
          segment: 'S',
          rows: 100,
          elasticity: own,
          ci_low: own - 1.645 * se,
          ci_high: own + 1.645 * se,
          own,
          own_se: se,
          weight: 0.5,
          identified: true,
          note: null
        }
      })
    }
    // A 10% test flags about one null segment in ten seeds (harmless: the pooling weight is then ~0).
    const seeds = Array.from({ length: 10 }, (_, k) => k + 1)
    const falseFlags = seeds.filter((seed) => heterogeneousSegments(estimates(seed, 0)).has('S')).length
    expect(falseFlags).toBeLessThanOrEqual(2)
    for (const seed of seeds) expect(heterogeneousSegments(estimates(seed, 0.4)).has('S')).toBe(true)
  })
})
