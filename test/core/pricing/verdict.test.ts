import { describe, expect, it } from 'vitest'
import { recommendPrices } from '../../../src/core/pricing/recommend'
import type { Portfolio } from '../../../src/shared/pricing'
import { verdict } from '../../../src/core/pricing/verdict'
import { DEFAULT_STRATEGIES } from '../../../src/shared/pricing/defaults'
import { currency } from '../../../src/core/pricing/units'
import { constantElasticity, item, open } from './fixtures'

const catalog = (items: ReturnType<typeof item>[]) => ({
  dataset: 'sales',
  segmentName: 'brand',
  items,
  season: null,
  nextWeek: null,
  unit: currency(2)
})

describe('the sheet’s verdict', () => {
  it('refuses a sheet that predicts less than today, naming the rule that forced it', async () => {
    // Elastic items forced up by a minimum price above today's: revenue falls.
    const items = [item('a', 2.5, -3), item('b', 3, -3)]
    const rec = await recommendPrices(
      catalog(items),
      constantElasticity(items),
      new Map([['A', { elasticity: -3, ci_low: -3.2, ci_high: -2.8 }]]),
      {
        objective: 'revenue',
        min_volume_share: null,
        guardrails: open({ min_price: 4 }),
        strategies: DEFAULT_STRATEGIES
      },
      'test'
    )
    expect(rec.refused).toMatch(
      /predict revenue of .* against .* at today's prices .*forced by min price \(2 items\)/
    )
    expect(rec.uncertain).toBe(false)
    expect(rec.rows[0].price_unit).toBe('currency with 2 decimals')
  })

  it('marks a gain whose interval reaches a loss as uncertain, and a clear gain as not', async () => {
    // Inelastic by the model (−0.5), but the interval reaches −1.6: a +20% move may lose.
    const items = [item('a', 10, -0.5)]
    const run = (lo: number, hi: number) =>
      recommendPrices(
        catalog(items),
        constantElasticity(items),
        new Map([['A', { elasticity: -0.5, ci_low: lo, ci_high: hi }]]),
        {
          objective: 'revenue',
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
    const wide = await run(-1.6, -0.2)
    // Do no harm keeps today's price when the interval's end loses (the widened interval reaches past −1).
    expect(wide.rows[0].recommended_price).toBe(10)
    expect(wide.rows[0].binding_guardrail).toBe('no_harm')
    const narrow = await run(-0.55, -0.45)
    expect(narrow.rows[0].recommended_price).toBe(12)
    expect(narrow.uncertain).toBe(false)
    expect(narrow.refused).toBeNull()
  })

  it('a sheet that gains on its curve but whose interval reaches below today is uncertain', () => {
    const p = {
      current_revenue: 1000,
      optimized_revenue: 1040,
      revenue_interval: { low: 980, high: 1100 },
      current_margin: null,
      optimized_margin: null,
      margin_interval: null
    } as Portfolio
    expect(verdict(p, [], 'revenue', currency(2))).toEqual({ refused: null, uncertain: true })
    expect(
      verdict({ ...p, revenue_interval: { low: 1001, high: 1100 } }, [], 'revenue', currency(2))
    ).toEqual({
      refused: null,
      uncertain: false
    })
  })
})
