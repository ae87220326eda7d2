import { describe, expect, it } from 'vitest'
import { recommendPrices } from '../../../src/core/pricing/recommend'
import type { Recommendation, PriceUnit } from '../../../src/shared/pricing'
import { DEFAULT_STRATEGIES } from '../../../src/shared/pricing/defaults'
import { currency, inferCurrency } from '../../../src/core/pricing/units'
import { Rng } from '../../../src/core/util/rng'
import { constantElasticity, item, open, type TestItem } from './fixtures'

/**
 * Two panels of the issue (seeded): prices per ounce around 0.03 with four decimals, and
 * average prices (revenue ÷ units of cent-priced sales) with four decimals around 2–4.
 * Costs at 60% of the price and elasticities −2 … −4: the margin optimum is interior.
 */
function perOunce(seed: number): TestItem[] {
  const rng = new Rng(seed)
  return Array.from({ length: 200 }, (_, k) => {
    const p = Math.round(rng.uniform(0.02, 0.06) * 1e4) / 1e4
    return item(`oz${k}`, p, rng.uniform(-4, -2), { cost: 0.6 * p })
  })
}

function averagePrices(seed: number): TestItem[] {
  const rng = new Rng(seed)
  return Array.from({ length: 200 }, (_, k) => {
    // A week's average of a shelf price with cents and a 20% promotion price on some units.
    const shelf = Math.round(rng.uniform(1.99, 3.99) * 100) / 100
    const promoShare = rng.uniform(0, 0.4)
    const p = Math.round((shelf * (1 - promoShare) + (Math.round(shelf * 80) / 100) * promoShare) * 1e4) / 1e4
    return item(`avg${k}`, p, rng.uniform(-4, -2), { cost: 0.6 * p })
  })
}

async function price(items: TestItem[], unit: PriceUnit, rule: 'auto' | 'none'): Promise<Recommendation> {
  // Each item's elasticity known exactly: this test is about rounding, not do no harm.
  const own = Float64Array.from(items, (it) => it.elasticity)
  return recommendPrices(
    { dataset: 'panel', segmentName: 'brand', items, season: null, nextWeek: null, unit },
    constantElasticity(items),
    new Map([['A', { elasticity: -3, ci_low: -3.01, ci_high: -2.99 }]]),
    {
      objective: 'margin',
      min_volume_share: null,
      guardrails: open({
        max_increase: 0.2,
        max_decrease: 0.2,
        min_price: null,
        max_price: null,
        rounding: { rule, direction: 'nearest' }
      }),
      strategies: DEFAULT_STRATEGIES
    },
    'test',
    'causal',
    { low: own, high: own }
  )
}

/** Rounding's hold and cost against the same sheet on a fine grid (8 decimals: no rounding to speak of). */
async function roundingEffect(items: TestItem[]) {
  const unit = inferCurrency(items.map((it) => it.current_price))
  const rounded = await price(items, unit, 'auto')
  const fine = await price(items, currency(8), 'none')
  const changedFine = fine.rows.filter((r) => Math.abs(r.recommended_price - r.current_price) > 1e-9)
  const held = changedFine.filter((r) => {
    const x = rounded.rows.find((y) => y.item_id === r.item_id)
    return x?.recommended_price === x?.current_price
  })
  const m0 = fine.portfolio.current_margin as number
  const cost =
    ((fine.portfolio.optimized_margin as number) - (rounded.portfolio.optimized_margin as number)) / m0
  return { unit, rounded, held: held.length / changedFine.length, cost }
}

describe('prices on the data’s own grid (issue 25)', () => {
  it('per-ounce prices keep their precision: rounding holds ≤ 5% of changed items, costs ≤ 0.5% (seeds 1–3)', async () => {
    for (const seed of [1, 2, 3]) {
      const { unit, rounded, held, cost } = await roundingEffect(perOunce(seed))
      expect(unit.decimals).toBe(4)
      expect(held).toBeLessThanOrEqual(0.05)
      expect(cost).toBeLessThanOrEqual(0.005)
      expect(cost).toBeGreaterThanOrEqual(-0.005)
      // Prices are not forced to whole cents (0.02–0.05).
      expect(
        rounded.rows.filter(
          (r) => Math.abs(r.recommended_price * 100 - Math.round(r.recommended_price * 100)) > 1e-9
        ).length
      ).toBeGreaterThan(100)
    }
  })

  it('average prices with four decimals round to cents: holds ≤ 5%, costs ≤ 0.5% (seeds 1–3)', async () => {
    for (const seed of [1, 2, 3]) {
      const { unit, rounded, held, cost } = await roundingEffect(averagePrices(seed))
      expect(unit.decimals).toBe(2)
      expect(held).toBeLessThanOrEqual(0.05)
      expect(Math.abs(cost)).toBeLessThanOrEqual(0.005)
      for (const r of rounded.rows)
        if (r.recommended_price !== r.current_price)
          expect(Math.abs(r.recommended_price * 100 - Math.round(r.recommended_price * 100))).toBeLessThan(
            1e-6
          )
    }
  })

  it('an item whose move rounding takes most of says "held by rounding", not a guardrail', async () => {
    // Optimum at the 20% max decrease is 0.026; cent rounding can only reach 0.03 inside the bounds.
    const items = [item('a', 0.0325, -6, { cost: 0.001 })]
    const rec = await recommendPrices(
      { dataset: 'panel', segmentName: 'brand', items, season: null, nextWeek: null, unit: currency(4) },
      constantElasticity(items),
      new Map([['A', { elasticity: -6, ci_low: -6.01, ci_high: -5.99 }]]),
      {
        objective: 'revenue',
        min_volume_share: null,
        guardrails: open({
          max_increase: 0.2,
          max_decrease: 0.2,
          min_price: 0.001,
          rounding: { rule: 'cent', direction: 'nearest' }
        }),
        strategies: DEFAULT_STRATEGIES
      },
      'test'
    )
    expect(rec.rows[0].recommended_price).toBe(0.03)
    expect(rec.rows[0].binding_guardrail).toBe('rounding')
    expect(rec.rows[0].reasoning).toMatch(/^held by rounding/)
  })
})
