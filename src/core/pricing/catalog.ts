import { type Db, quoteIdent } from '../db/port'
import { findDataset } from '../data/datasets'
import { SAMPLE_DATASET, type Panel } from '../elasticity/panel'
import { isoToDay } from '../util/dates'
import { inferCurrency, TOKENS } from './units'
import { inferGrid, withGrid, type InferredGrid } from './price-grid'
import { digestPanel, type PricingDigest } from './digest'
import { modePrice, type ItemBy } from './catalog-rules'
import type { ObservedPrices } from './observed-prices'
import type { CostSource, CostSummary, PriceUnit } from '../../shared/pricing'
import { assignCosts, type CostInputs } from './costs'

/** One priceable item: what it costs today, what has been observed, what the guardrails need. */
export interface CatalogItem {
  id: string
  name: string
  segment: string
  /** Price tier for ladders (e.g. difficulty), when the data has one. */
  tier: string | null
  /** Items of one product line (same teacher and category in the sample) obey the ladder together. */
  line: string | null
  current_price: number
  observed_min: number
  observed_max: number
  /** The competitive reference: a mapped competitor price, else the average current price of the item's segment. */
  reference_price: number
  reference_kind: 'competitor' | 'category_average'
  cost: number | null
  /** Where the cost came from (a cost table, the mapped column, a share); null: no cost. */
  cost_source?: CostSource | null
  /** Weeks since launch, for lifecycle pricing, when known. */
  age_weeks: number | null
  /** The item's latest panel row: its current conditions for demand predictions. */
  row: number
  /** All its rows of the latest period, where there are several (an item made of several panel rows). */
  rows?: number[]
  /** Mean quantity per period over its last few periods: the baseline where no model predicts. */
  recent_quantity?: number
}

export interface Catalog {
  dataset: string
  segmentName: string
  items: CatalogItem[]
  /** Demand index per week of year (mean 1), from the data, when the data has a date. */
  season: number[] | null
  /** Week of year of the period being priced (the one after the data ends). */
  nextWeek: number | null
  /** The unit of its prices (with the data's own grid, where it has one beyond the unit's step). */
  unit: PriceUnit
  /** The grid inferred from the observed prices (null: the unit's step; absent: not inferred, e.g. tests). */
  grid?: InferredGrid | null
  /** Every observed price (the panel's rows): what a rounding rule's fit to the data is measured on. */
  observedPrices?: ObservedPrices
  /** Where the items' costs came from (absent: built without cost inputs, e.g. tests). */
  costs?: CostSummary
}

/** What the data says of an item beyond its rows: its name, tier, line, list price, cost, competitor price, age. */
export interface Extras {
  name?: string
  tier?: string
  line?: string
  price?: number
  cost?: number
  competitor?: number
  age_weeks?: number
}

export interface CatalogOptions {
  /** Default: the panel's item. */
  itemBy?: ItemBy
  /** The period of each row (later = larger); default: row order. */
  period?: ArrayLike<number> | null
  unit?: PriceUnit
}

/** The items of a panel with today's prices (catalogFromDigest says how). */
export function buildCatalog(
  panel: Panel,
  extras: Map<string, Extras>,
  costs: number | null | CostInputs,
  o: CatalogOptions = {}
): Catalog {
  return catalogFromDigest(digestPanel(panel, o.itemBy ?? 'item', o.period ?? null), extras, costs, o.unit)
}

/**
 * The items of a digested panel with today's prices. Today's price is the item's list price
 * where known (the sample), else its price in its latest period; where an item has several rows
 * in that period (items are segments, or a store × brand combination leaves several stores), the
 * most common of those prices (ties: the middle one). One item per distinct key, so one row per
 * item in the sheet. Items' `row` and `rows` are rows of the digest's panel.
 */
export function catalogFromDigest(
  d: PricingDigest,
  extras: Map<string, Extras>,
  costs: number | null | CostInputs,
  unitGiven?: PriceUnit
): Catalog {
  const panel = d.panel
  const items: CatalogItem[] = []
  for (let it = 0; it < d.names.length; it++) {
    const from = d.start[it]
    const to = d.start[it + 1]
    if (to === from) continue
    const id = d.names[it]
    const x = extras.get(id) ?? NO_EXTRAS
    const lastRow = to - 1
    // An item of one row (most panels' items) is priced at it: no arrays made for it (96k items).
    const rows = to - from > 1 ? indicesFrom(from, to) : null
    const price = x.price ?? (rows ? modePrice(rows.map((r) => panel.price[r])) : panel.price[from])
    const item: CatalogItem = {
      id,
      name: x.name ?? id,
      segment: panel.segments[panel.segment[lastRow]],
      tier: x.tier ?? null,
      line: x.line ?? null,
      current_price: price,
      observed_min: Math.min(d.lo[it], price),
      observed_max: Math.max(d.hi[it], price),
      reference_price: x.competitor ?? 0,
      reference_kind: x.competitor !== undefined ? 'competitor' : 'category_average',
      cost: x.cost ?? null,
      age_weeks: x.age_weeks ?? null,
      row: lastRow
    }
    if (rows) item.rows = rows
    item.recent_quantity = d.recent[it]
    items.push(item)
  }
  segmentAverages(items)
  const inputs: CostInputs = typeof costs === 'number' || costs === null ? { share: costs } : costs
  const costSummary = assignCosts(items, inputs, panel.segmentName)
  const base = unitGiven ?? (panel.dataset === SAMPLE_DATASET ? TOKENS : inferCurrency(d.prices))
  const grid = unitGiven ? null : inferGrid(d.prices, base)
  return {
    dataset: panel.dataset,
    segmentName: panel.segmentName,
    items,
    season: d.season,
    nextWeek: d.nextWeek,
    unit: withGrid(base, grid),
    grid,
    observedPrices: d.prices,
    costs: costSummary
  }
}

const NO_EXTRAS: Extras = {}

function indicesFrom(from: number, to: number): number[] {
  const out: number[] = []
  for (let r = from; r < to; r++) out.push(r)
  return out
}

/** Items without a competitor price are compared with the average current price of their segment. */
function segmentAverages(items: CatalogItem[]): void {
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
}

/** Titles, tiers, product lines, list prices and ages of the sample courses. */
export function sampleExtras(db: Db): Map<string, Extras> {
  const end = db.prepare<{ d: string | null }>('SELECT max(week_start) AS d FROM course_price_history').get()
  const endDay = end?.d ? isoToDay(end.d) + 7 : 0
  const rows = db
    .prepare<{
      course_id: number
      title: string
      category: string
      difficulty_level: string
      teacher_id: number
      token_price: number
      launch_date: string
    }>(
      'SELECT course_id, title, category, difficulty_level, teacher_id, token_price, launch_date FROM courses'
    )
    .all()
  return new Map(
    rows.map((r) => [
      String(r.course_id),
      {
        name: r.title,
        tier: r.difficulty_level,
        line: `${r.teacher_id}|${r.category}`,
        price: r.token_price,
        age_weeks: Math.max(0, (endDay - isoToDay(r.launch_date)) / 7)
      }
    ])
  )
}

/** An imported dataset's mapped cost and competitor price (latest value per item), where those roles exist. */
export function datasetExtras(db: Db, name: string): Map<string, Extras> {
  const ds = findDataset(db, name)
  const r = ds?.roles
  if (!ds || !r?.item || (!r.cost && !r.competitor)) return new Map()
  const order = r.period ? ` ORDER BY ${quoteIdent(r.period)}` : ''
  const cols = [r.item, r.cost ?? null, r.competitor ?? null]
  const sel = cols.map((c) => (c ? quoteIdent(c) : 'NULL')).join(', ')
  const out = new Map<string, Extras>()
  const num = (v: unknown) => (v !== null && Number.isFinite(Number(v)) ? Number(v) : undefined)
  for (const row of db.prepare(`SELECT ${sel} FROM ${quoteIdent(ds.table)}${order}`).raw()) {
    const prev = out.get(String(row[0])) ?? {}
    out.set(String(row[0]), { cost: num(row[1]) ?? prev.cost, competitor: num(row[2]) ?? prev.competitor })
  }
  return out
}

export function catalogExtras(db: Db, dataset: string): Map<string, Extras> {
  return dataset === SAMPLE_DATASET ? sampleExtras(db) : datasetExtras(db, dataset)
}

export { itemKeys, modePrice, recentLevels, type ItemBy } from './catalog-rules'
