import { describe, expect, it } from 'vitest'
import { recommendPrices } from '../../../src/core/pricing/recommend'
import { DEFAULT_STRATEGIES } from '../../../src/shared/pricing/defaults'
import { currency } from '../../../src/core/pricing/units'
import { constantElasticity, item, open } from './fixtures'

describe('do no harm judged per item, in the objective in use (issue 25)', () => {
  it('a margin sheet with costs at 60% of price is not held at today’s prices wholesale, and no item may lose', async () => {
    // ε = −3 for every item, interval [−3.2, −2.8]: the margin optimum is 10% below today
    // (p* = c·ε/(1+ε) = 0.9·p₀), but at the widened interval's end (−2.6) that full move loses.
    const items = Array.from({ length: 12 }, (_, k) => {
      const p = 1.99 + 0.25 * k
      return item(`s${k}`, p, -3, { cost: 0.6 * p })
    })
    const rec = await recommendPrices(
      { dataset: 'fish', segmentName: 'brand', items, season: null, nextWeek: null, unit: currency(2) },
      constantElasticity(items),
      new Map([['A', { elasticity: -3, ci_low: -3.2, ci_high: -2.8 }]]),
      {
        objective: 'margin',
        min_volume_share: null,
        guardrails: open({
          max_increase: 0.2,
          max_decrease: 0.2,
          rounding: { rule: 'cent', direction: 'nearest' }
        }),
        strategies: DEFAULT_STRATEGIES
      },
      'test'
    )
    const changed = rec.rows.filter((r) => r.recommended_price !== r.current_price)
    expect(changed.length).toBeGreaterThanOrEqual(10)
    // Every moved item gains margin at every end of the widened interval (and on the curve).
    for (const r of changed) {
      const it = items.find((x) => x.id === r.item_id) as (typeof items)[number]
      const m = (p: number, e: number) => (p - (it.cost as number)) * it.scale * p ** e
      for (const e of [-3.4, -3, -2.6])
        expect(m(r.recommended_price, e)).toBeGreaterThan(m(r.current_price, e))
      expect(r.recommended_price).toBeLessThan(r.current_price)
      expect(r.recommended_price).toBeGreaterThanOrEqual(r.current_price * 0.9 - 0.01)
    }
    expect(rec.portfolio.optimized_margin as number).toBeGreaterThan(rec.portfolio.current_margin as number)
  })
})
