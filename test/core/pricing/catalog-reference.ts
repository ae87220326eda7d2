/**
 * The catalog as it was built before issue 33 (every panel row in memory): kept here, verbatim,
 * as the reference the per-item digest (src/core/pricing/digest.ts) must equal.
 */
import { SAMPLE_DATASET, type Panel } from '../../../src/core/elasticity/panel'
import { inferCurrency, TOKENS } from '../../../src/core/pricing/units'
import { inferGrid, withGrid } from '../../../src/core/pricing/price-grid'
import { assignCosts, type CostInputs } from '../../../src/core/pricing/costs'
import { itemKeys, modePrice, recentLevels, seasonIndex } from '../../../src/core/pricing/catalog-rules'
import type { Catalog, CatalogItem, CatalogOptions, Extras } from '../../../src/core/pricing/catalog'

export function referenceCatalog(
  panel: Panel,
  extras: Map<string, Extras>,
  costs: number | null | CostInputs,
  o: CatalogOptions = {}
): Catalog {
  const { keys, names } = itemKeys(panel, o.itemBy ?? 'item')
  const nItems = names.length
  const period = o.period ?? null
  const per = (i: number) => (period ? period[i] : i)
  const last = new Float64Array(nItems).fill(-Infinity)
  const lo = new Float64Array(nItems).fill(Infinity)
  const hi = new Float64Array(nItems).fill(-Infinity)
  for (let i = 0; i < panel.n; i++) {
    const it = keys[i]
    if (per(i) > last[it]) last[it] = per(i)
    if (panel.price[i] < lo[it]) lo[it] = panel.price[i]
    if (panel.price[i] > hi[it]) hi[it] = panel.price[i]
  }
  const latest: number[][] = Array.from({ length: nItems }, () => [])
  for (let i = 0; i < panel.n; i++) if (per(i) === last[keys[i]]) latest[keys[i]].push(i)
  const recent = recentLevels(panel, keys, nItems, per)
  const items: CatalogItem[] = []
  for (let it = 0; it < nItems; it++) {
    const rows = latest[it]
    if (!rows.length) continue
    const id = names[it]
    const x = extras.get(id) ?? {}
    const lastRow = rows[rows.length - 1]
    const price = x.price ?? modePrice(rows.map((r) => panel.price[r]))
    items.push({
      id,
      name: x.name ?? id,
      segment: panel.segments[panel.segment[lastRow]],
      tier: x.tier ?? null,
      line: x.line ?? null,
      current_price: price,
      observed_min: Math.min(lo[it], price),
      observed_max: Math.max(hi[it], price),
      reference_price: x.competitor ?? 0,
      reference_kind: x.competitor !== undefined ? 'competitor' : 'category_average',
      cost: x.cost ?? null,
      age_weeks: x.age_weeks ?? null,
      row: lastRow,
      ...(rows.length > 1 ? { rows } : {}),
      recent_quantity: recent[it]
    })
  }
  const sums = new Map<string, { s: number; n: number }>()
  for (const it of items) {
    const a = sums.get(it.segment) ?? { s: 0, n: 0 }
    a.s += it.current_price
    a.n++
    sums.set(it.segment, a)
  }
  for (const it of items) {
    if (it.reference_kind === 'competitor') continue
    const a = sums.get(it.segment) as { s: number; n: number }
    it.reference_price = a.s / a.n
  }
  const inputs: CostInputs = typeof costs === 'number' || costs === null ? { share: costs } : costs
  const costSummary = assignCosts(items, inputs, panel.segmentName)
  const { season, nextWeek } = seasonIndex(panel)
  const base = o.unit ?? (panel.dataset === SAMPLE_DATASET ? TOKENS : inferCurrency(panel.price))
  const grid = o.unit ? null : inferGrid(panel.price, base)
  const unit = withGrid(base, grid)
  const observedPrices = panel.price
  return {
    dataset: panel.dataset,
    segmentName: panel.segmentName,
    items,
    season,
    nextWeek,
    unit,
    grid,
    observedPrices,
    costs: costSummary
  }
}
