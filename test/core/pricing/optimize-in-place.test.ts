import { describe, expect, it } from 'vitest'
import { optimizePrices, type DemandFn, type OptimizeOptions } from '../../../src/core/pricing/optimize'
import { causalDemand } from '../../../src/core/pricing/causal-demand'
import { withCross, type CrossLink } from '../../../src/core/pricing/demand-system'
import { candidateOrder } from '../../../src/core/pricing/exchange'
import { currency } from '../../../src/core/pricing/units'
import { Rng } from '../../../src/core/util/rng'
import { item, open, type TestItem } from './fixtures'

/** A catalog of two segments with causal curves (a baseline, an elasticity each), costs on half the seeds. */
function catalog(rng: Rng, n: number, costs: boolean): { items: TestItem[]; q0: Float64Array } {
  const items = Array.from({ length: n }, (_, i) => {
    const p = Math.round(rng.uniform(2, 40) * 100) / 100
    return item(`i${i}`, p, rng.uniform(-3, -0.3), {
      segment: i % 2 ? 'A' : 'B',
      observed_min: Math.round(p * rng.uniform(0.6, 1) * 100) / 100,
      observed_max: Math.round(p * rng.uniform(1, 1.5) * 100) / 100,
      cost: costs ? Math.round(p * rng.uniform(0.2, 0.7) * 100) / 100 : null
    })
  })
  return { items, q0: Float64Array.from(items, () => rng.uniform(1, 50)) }
}

/** The same curve without its in-place evaluation: the optimizer then asks in batches, as before. */
const batchesOnly = (d: DemandFn & { links?: CrossLink[][] }) => {
  const plain: DemandFn & { links?: CrossLink[][] } = (idx, prices) => d(idx, prices)
  if (d.links) plain.links = d.links
  return plain
}

function links(rng: Rng, n: number): CrossLink[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: 3 }, () => {
      const of = (i + 1 + Math.floor(rng.uniform(0, n - 1))) % n
      const e = rng.uniform(-0.2, 0.5)
      return { of, elasticity: e, low: e - 0.1, high: e + 0.1 }
    })
  )
}

describe('the optimizer evaluates its candidates in place', () => {
  it('gives the same prices, quantities, bindings and warnings as with batches of item/price pairs', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rng = new Rng(seed)
      const costs = seed % 2 === 0
      const { items, q0 } = catalog(rng, 60, costs)
      const own = causalDemand(q0, items, (it) => (it as TestItem).elasticity)
      expect(own.alone).toBeDefined()
      const demand = seed > 3 ? withCross(own, items, links(rng, items.length)) : own
      const settings: OptimizeOptions[] = [
        { objective: 'revenue', min_volume_share: null, guardrails: open() },
        {
          objective: costs ? 'margin' : 'revenue',
          min_volume_share: 0.97,
          guardrails: open({
            max_decrease: 0.2,
            max_increase: 0.25,
            stay_in_observed: true,
            category_avg_change: 0.03
          }),
          unit: currency(2)
        },
        {
          objective: 'revenue',
          min_volume_share: null,
          guardrails: open({ max_decrease: 0.1, rounding: { rule: '99', direction: 'nearest' } }),
          unit: currency(2),
          elasticityRange: {
            low: Float64Array.from(items, (it) => it.elasticity - 0.3),
            high: Float64Array.from(items, (it) => it.elasticity + 0.3)
          }
        }
      ]
      for (const o of settings) {
        const fast = await optimizePrices(items, demand, o)
        const before = await optimizePrices(items, batchesOnly(demand), o)
        expect(fast).toEqual(before)
      }
    }
  })
})

describe("the exchange's candidate order", () => {
  it('is the stable sort by price it replaced, ties included', () => {
    const rng = new Rng(7)
    for (const K of [1, 5, 62]) {
      const n = 200
      const P = new Float64Array(n * K)
      for (let i = 0; i < n * K; i++) {
        const x = rng.uniform(1, 10)
        // Many ties: prices on a coarse grid for half the items.
        P[i] = (i / K) % 2 ? Math.round(x) : x
      }
      const order = candidateOrder(n, K, P)
      for (let i = 0; i < n; i++) {
        const ks = Array.from({ length: K }, (_, k) => k).sort((a, b) => P[i * K + a] - P[i * K + b])
        expect(Array.from(order.subarray(i * K, (i + 1) * K))).toEqual(ks)
      }
    }
  })
})
