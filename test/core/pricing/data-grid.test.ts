import { describe, expect, it } from 'vitest'
import { recommendPrices } from '../../../src/core/pricing/recommend'
import type { PriceUnit, Recommendation } from '../../../src/shared/pricing'
import type { Rounding } from '../../../src/core/pricing/rounding'
import { DEFAULT_STRATEGIES } from '../../../src/shared/pricing/defaults'
import { currency, inferCurrency } from '../../../src/core/pricing/units'
import { inferGrid, withGrid, type InferredGrid } from '../../../src/core/pricing/price-grid'
import { Rng } from '../../../src/core/util/rng'
import { constantElasticity, item, open, type TestItem } from './fixtures'

/**
 * Price grids other than powers of ten (issue 25, item 2): shelf prices on a 0.05 or a 0.25
 * grid, and charm endings (.99, .49/.99). 200 items, elasticities −4 … −2, cost 60% of the
 * price (an interior margin optimum), ±20% guardrails; each fixture's observed prices are the
 * items' price histories (12 weeks each, a few promotions off the grid).
 */
interface Fixture {
  items: TestItem[]
  observed: number[]
}

function fixture(seed: number, shelf: (rng: Rng) => number, promoOffGrid = 0.02): Fixture {
  const rng = new Rng(seed)
  const observed: number[] = []
  const items = Array.from({ length: 200 }, (_, k) => {
    const p = shelf(rng)
    for (let w = 0; w < 12; w++)
      observed.push(rng.uniform(0, 1) < promoOffGrid ? Math.round(p * 0.83 * 100) / 100 : p)
    return item(`i${k}`, p, rng.uniform(-4, -2), { cost: 0.6 * p })
  })
  return { items, observed }
}

const onStep = (step: number, lo: number, hi: number) => (rng: Rng) =>
  Math.round(Math.round(rng.uniform(lo, hi) / step) * step * 100) / 100
const charm = (ending: number, lo: number, hi: number) => (rng: Rng) =>
  Math.floor(rng.uniform(lo, hi)) + ending
const FIXTURES = {
  '0.05 grid (1.50–4.00)': (seed: number) => fixture(seed, onStep(0.05, 1.5, 4)),
  '0.25 grid (4–10)': (seed: number) => fixture(seed, onStep(0.25, 4, 10)),
  '.99 endings (12–30)': (seed: number) => fixture(seed, charm(0.99, 12, 30)),
  '.49/.99 endings (5–12)': (seed: number) =>
    fixture(seed, (rng) => Math.floor(rng.uniform(5, 12)) + (rng.uniform(0, 1) < 0.5 ? 0.49 : 0.99))
}

async function price(
  f: Fixture,
  unit: PriceUnit,
  rounding: Rounding,
  grid: InferredGrid | null = null
): Promise<Recommendation> {
  const own = Float64Array.from(f.items, (it) => it.elasticity)
  return recommendPrices(
    {
      dataset: 'panel',
      segmentName: 'brand',
      items: f.items.map((it) => ({ ...it })),
      season: null,
      nextWeek: null,
      unit,
      grid,
      observedPrices: f.observed
    },
    constantElasticity(f.items),
    new Map([['A', { elasticity: -3, ci_low: -3.01, ci_high: -2.99 }]]),
    {
      objective: 'margin',
      min_volume_share: null,
      guardrails: open({ max_increase: 0.2, max_decrease: 0.2, min_price: null, max_price: null, rounding }),
      strategies: DEFAULT_STRATEGIES
    },
    'test',
    'causal',
    { low: own, high: own }
  )
}

const changed = (r: Recommendation) =>
  r.rows.filter((x) => Math.abs(x.recommended_price - x.current_price) > 1e-9)
const onGrid = (p: number, step: number, offset: number) => {
  const k = (p - offset) / step
  return Math.abs(k - Math.round(k)) < 1e-6
}

/** Rounding's effect against the same sheet on a fine grid (8 decimals). */
async function measure(f: Fixture) {
  const base = inferCurrency(f.observed)
  const grid = inferGrid(f.observed, base)
  const unit = withGrid(base, grid)
  const rounded = await price(f, unit, { rule: 'auto', direction: 'nearest' }, grid)
  const fine = await price(f, currency(8), { rule: 'none', direction: 'nearest' })
  const moved = changed(fine)
  const after = (r: { item_id: string }) => rounded.rows.find((y) => y.item_id === r.item_id)
  // Held by rounding: labelled so (kept at today's, or rounding took over a quarter of the move).
  const held = moved.filter((r) => after(r)?.binding_guardrail === 'rounding')
  const kept = moved.filter((r) => after(r)?.recommended_price === r.current_price)
  const m0 = fine.portfolio.current_margin as number
  const lost =
    ((fine.portfolio.optimized_margin as number) - (rounded.portfolio.optimized_margin as number)) / m0
  // On the grid inferred from the data (not merely the grid the sheet says it used).
  const g = grid as InferredGrid
  const newOnGrid = changed(rounded).filter((r) => onGrid(r.recommended_price, g.step, g.offset))
  return {
    grid,
    rounded,
    onGrid: newOnGrid.length / Math.max(1, changed(rounded).length),
    held: held.length / moved.length,
    kept: kept.length / moved.length,
    lost
  }
}

describe('prices on the data’s own grid beyond powers of ten (issue 25)', () => {
  it('infers the step or the ending from the observed prices', () => {
    const unit = currency(2)
    const at = (f: Fixture) => inferGrid(f.observed, unit)
    expect(at(FIXTURES['0.05 grid (1.50–4.00)'](1))).toMatchObject({ step: 0.05, offset: 0, ending: null })
    expect(at(FIXTURES['0.25 grid (4–10)'](1))).toMatchObject({ step: 0.25, offset: 0, ending: null })
    expect(at(FIXTURES['.99 endings (12–30)'](1))).toMatchObject({ step: 1, offset: 0.99, ending: '99' })
    expect(at(FIXTURES['.49/.99 endings (5–12)'](1))).toMatchObject({ step: 0.5, offset: 0.49, ending: '49' })
    // Shelf prices ending in 9 cents (2.49, 2.69, 3.19): not most on .99, not on 0.05: cents.
    const nines = fixture(1, (rng) => Math.floor(rng.uniform(1.5, 4) * 10) / 10 + 0.09)
    expect(at(nines)).toBeNull()
    // Most prices end in .99 but on 1.50–3.00 a whole-unit step would hold most moves: not used, and said.
    const low = at(fixture(1, charm(0.99, 1, 3)))
    expect(low?.tooCoarse?.label).toBe('end in .99')
    expect(withGrid(unit, low)).toEqual(unit)
  })

  it('new prices land on the inferred grid; rounding holds few items and costs little (seeds 1–3, both sides bounded)', async () => {
    for (const make of Object.values(FIXTURES))
      for (const seed of [1, 2, 3]) {
        const { grid, rounded, onGrid: share, held, kept, lost } = await measure(make(seed))
        expect(rounded.price_grid).toMatchObject({
          source: 'inferred',
          step: grid?.step,
          offset: grid?.offset
        })
        expect(share).toBe(1)
        expect(held).toBeGreaterThanOrEqual(0)
        expect(held).toBeLessThanOrEqual(0.35)
        expect(kept).toBeLessThanOrEqual(held)
        // At most 0.5% of the margin (the issue's bound), and never a gain over the fine grid beyond noise.
        expect(lost).toBeGreaterThanOrEqual(-0.0005)
        expect(lost).toBeLessThanOrEqual(0.005)
      }
  })

  it('the rounding rule overrides the inferred grid, and the sentence says whose grid it is', async () => {
    const f = FIXTURES['0.05 grid (1.50–4.00)'](2)
    const unit = withGrid(currency(2), inferGrid(f.observed, currency(2)))
    const auto = await price(
      f,
      unit,
      { rule: 'auto', direction: 'nearest' },
      inferGrid(f.observed, currency(2))
    )
    expect(auto.price_grid?.sentence).toMatch(
      /^New prices sit on steps of 0\.05, the data's own price grid \(\d+\.\d\d% of the observed prices/
    )
    const quarter = await price(f, unit, { rule: 'step', direction: 'nearest', step: 0.25 })
    expect(quarter.price_grid).toMatchObject({ step: 0.25, source: 'rule' })
    for (const r of changed(quarter)) expect(onGrid(r.recommended_price, 0.25, 0)).toBe(true)
    const cents = await price(f, unit, { rule: 'cent', direction: 'nearest' })
    expect(cents.price_grid).toMatchObject({ step: 0.01, source: 'rule' })
    expect(changed(cents).some((r) => !onGrid(r.recommended_price, 0.05, 0))).toBe(true)
  })
})
