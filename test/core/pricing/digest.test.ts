import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src/core/util/rng'
import type { Control, Panel } from '../../../src/core/elasticity/panel'
import { buildCatalog, type Catalog, type ItemBy } from '../../../src/core/pricing/catalog'
import { digestPanel } from '../../../src/core/pricing/digest'
import { countPrices } from '../../../src/core/pricing/observed-prices'
import { describeGrid } from '../../../src/core/pricing/price-grid'
import { inferCurrency } from '../../../src/core/pricing/units'
import { ROUNDING_RULES } from '../../../src/shared/pricing/lists'
import { DEFAULT_PLAN, trainModel } from '../../../src/core/elasticity/train'
import { restoreModel } from '../../../src/core/elasticity/restore'
import { modelDemand } from '../../../src/core/pricing/model-demand'
import type { CostInputs } from '../../../src/core/pricing/costs'
import type { ModelKind } from '../../../src/shared/elasticity'
import { referenceCatalog } from './catalog-reference'
import { retailLikePanel } from '../elasticity/retail-like'

const PRICES = [0.99, 1.49, 1.99, 2, 2.5, 2.99, 3, 0.125, 4.95, 10]

/**
 * A panel drawn from a seed: few or many items, items with one row, several rows of an item in one
 * period (ties on the latest date), periods out of row order, repeated prices (ties for the mode).
 */
function randomPanel(seed: number): { panel: Panel; period: Float64Array | null } {
  const rng = new Rng(seed)
  const int = (k: number) => Math.floor(rng.next() * k)
  const nItems = 1 + int(9)
  const nSeg = 1 + int(3)
  const n = 1 + int(80)
  const segOf = Int32Array.from({ length: nItems }, () => int(nSeg))
  const item = new Int32Array(n)
  const period = new Float64Array(n)
  const price = new Float64Array(n)
  const quantity = new Float64Array(n)
  const store = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    // Item 0 has at most one row: an item seen once.
    item[i] = i > 0 ? int(nItems) : 0
    if (i > 0 && item[i] === 0) item[i] = nItems > 1 ? 1 : 0
    period[i] = int(rng.next() < 0.3 ? 2 : 12)
    price[i] = PRICES[int(rng.next() < 0.5 ? 3 : PRICES.length)]
    quantity[i] = rng.next() < 0.5 ? int(40) : rng.next() * 1e3
    store[i] = int(3)
  }
  const segment = Int32Array.from(item, (it) => segOf[it])
  const segments = Array.from({ length: nSeg }, (_, k) => `S${k}`)
  const controls: Control[] = [
    { name: 'brand', kind: 'categorical', values: Float64Array.from(segment), levels: segments },
    { name: 'store', kind: 'categorical', values: store, levels: ['a', 'b', 'c'] },
    { name: 'week (week of year)', kind: 'cyclic', values: period.map((p) => (p * 5) % 52), period: 52 },
    { name: 'week (trend)', kind: 'numeric', values: period }
  ]
  const panel: Panel = {
    dataset: 'sales',
    version: 1,
    n,
    item,
    itemIds: Array.from({ length: nItems }, (_, k) => `I${k}`),
    segment,
    segments,
    segmentName: 'brand',
    price,
    quantity,
    refPrice: price.map((p) => p * 1.1),
    controls,
    truth: null,
    warnings: []
  }
  return { panel, period: rng.next() < 0.7 ? period : null }
}

/** The reference's row numbers are the whole panel's; the digest's are its own, mapped back through origin. */
function inPanelRows(c: Catalog, origin: Uint32Array): Catalog {
  return {
    ...c,
    items: c.items.map((it) => ({
      ...it,
      row: origin[it.row],
      ...(it.rows ? { rows: it.rows.map((r) => origin[r]) } : {})
    })),
    observedPrices: undefined
  }
}

describe('pricing from a per-item digest', () => {
  it('builds the very catalog the whole panel built, on 400 random panels', () => {
    const rules: ItemBy[] = ['item', 'segment', ['store'], ['brand', 'store']]
    for (let seed = 1; seed <= 400; seed++) {
      const { panel, period } = randomPanel(seed)
      const rng = new Rng(seed + 1e6)
      const extras = new Map(
        panel.itemIds
          .filter(() => rng.next() < 0.5)
          .map((id) => [
            id,
            {
              ...(rng.next() < 0.5 ? { cost: rng.next() * 2 } : {}),
              ...(rng.next() < 0.3 ? { competitor: 1 + rng.next() } : {}),
              ...(rng.next() < 0.2 ? { price: 2.49 } : {})
            }
          ])
      )
      const costs: (number | null | CostInputs)[] = [
        null,
        0.4,
        { share: null, bySegment: { S0: 0.3 }, strict: false }
      ]
      const itemBy = rules[seed % rules.length]
      const cost = costs[seed % costs.length]
      const old = referenceCatalog(panel, extras, cost, { itemBy, period })
      const d = digestPanel(panel, itemBy, period)
      const now = buildCatalog(panel, extras, cost, { itemBy, period })
      expect(inPanelRows(now, d.origin), `seed ${seed}`).toEqual({ ...old, observedPrices: undefined })
      for (const rule of ROUNDING_RULES)
        expect(
          describeGrid(now.unit, { rule, direction: 'nearest', step: 0.25 }, now.grid ?? null, d.prices)
        ).toEqual(
          describeGrid(old.unit, { rule, direction: 'nearest', step: 0.25 }, old.grid ?? null, panel.price)
        )
      // The digest's own rows are each item's latest, and only those: memory that grows with the items.
      expect(d.panel.n).toBe(now.items.reduce((s, it) => s + (it.rows?.length ?? 1), 0))
    }
  })

  it('reads the currency and the grid from price counts as from every row', () => {
    const prices = Float64Array.from(
      { length: 5001 },
      (_, i) => [2.99, 3.49, 1.25, 7, 0.0325][i % 5] + (i % 7 === 0 ? 0.5 : 0)
    )
    expect(inferCurrency(countPrices(prices))).toEqual(inferCurrency(prices))
    expect(countPrices(prices).n).toBe(5001)
  })

  it("gives every model the prediction it makes on the whole panel, from the items' latest rows alone", async () => {
    const kinds: ModelKind[] = ['ols', 'gam', 'poly2', 'rf', 'gbm']
    for (const seed of [1, 2]) {
      const panel = retailLikePanel({ seed, stores: 4, weeks: 16 })
      const period = seed === 1 ? Float64Array.from(panel.period ?? []) : null
      const old = referenceCatalog(panel, new Map(), null, { period })
      const d = digestPanel(panel, 'item', period)
      const now = buildCatalog(panel, new Map(), null, { period })
      const idx = Int32Array.from(old.items, (_, k) => k)
      const prices = Float64Array.from(old.items, (it, k) => it.current_price * (0.8 + 0.05 * (k % 8)))
      for (const kind of kinds) {
        const model = restoreModel(trainModel(kind, panel, DEFAULT_PLAN).serialized)
        const whole = await modelDemand(panel, model, old.items)(idx, prices)
        const digest = await modelDemand(d.panel, model, now.items)(idx, prices)
        expect(Array.from(digest), `${kind} seed ${seed}`).toEqual(Array.from(whole))
      }
      expect(d.panel.n).toBeLessThan(panel.n / 10)
    }
  })
})
