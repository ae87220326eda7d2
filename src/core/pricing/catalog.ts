import { type Db, quoteIdent } from '../db/port'
import { findDataset } from '../data/datasets'
import { SAMPLE_DATASET, type Panel } from '../elasticity/panel'
import { isoToDay } from '../util/dates'
import { PricingError } from './optimize'
import { inferCurrency, TOKENS } from './units'
import { inferGrid, withGrid, type InferredGrid } from './price-grid'
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
  observedPrices?: ArrayLike<number>
  /** Where the items' costs came from (absent: built without cost inputs, e.g. tests). */
  costs?: CostSummary
}

interface Extras {
  name?: string
  tier?: string
  line?: string
  price?: number
  cost?: number
  competitor?: number
  age_weeks?: number
}

/** How rows become priceable items: the panel's item, the segment, or a combination of columns (store × brand). */
export type ItemBy = 'item' | 'segment' | string[]

export interface CatalogOptions {
  /** Default: the panel's item. */
  itemBy?: ItemBy
  /** The period of each row (later = larger); default: row order. */
  period?: ArrayLike<number> | null
  unit?: PriceUnit
}

/**
 * The items of a panel with today's prices. Today's price is the item's list
 * price where known (the sample), else its price in its latest period; where an
 * item has several rows in that period (items are segments, or a store × brand
 * combination leaves several stores), the most common of those prices (ties: the
 * middle one). One item per distinct key, so one row per item in the sheet.
 */
export function buildCatalog(
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

/** Each row's item key under the chosen rule, and the item names in a stable order. */
export function itemKeys(panel: Panel, by: ItemBy): { keys: Int32Array; names: string[] } {
  if (by === 'item') return { keys: panel.item, names: panel.itemIds }
  if (by === 'segment') return { keys: panel.segment, names: panel.segments }
  const cols = by.map((name) => {
    if (name === panel.segmentName) return (i: number) => panel.segments[panel.segment[i]]
    const c = panel.controls.find((x) => x.name === name)
    if (!c)
      throw new PricingError(
        `items by "${name}": the demand model has no column "${name}" (it has: ${[...new Set([panel.segmentName, ...panel.controls.map((x) => x.name)])].join(', ')}): choose one of those, or make "${name}" a segment or feature column of the dataset and train again`
      )
    return c.levels ? (i: number) => (c.levels as string[])[c.values[i]] : (i: number) => String(c.values[i])
  })
  const index = new Map<string, number>()
  const keys = new Int32Array(panel.n)
  for (let i = 0; i < panel.n; i++) {
    const k = cols.map((f) => f(i)).join(' × ')
    let v = index.get(k)
    if (v === undefined) index.set(k, (v = index.size))
    keys[i] = v
  }
  return { keys, names: [...index.keys()] }
}

/** The most common price (ties: the middle one of the tied prices, in price order). */
export function modePrice(prices: number[]): number {
  const counts = new Map<number, number>()
  for (const p of prices) counts.set(p, (counts.get(p) ?? 0) + 1)
  const top = Math.max(...counts.values())
  const tied = [...counts]
    .filter(([, c]) => c === top)
    .map(([p]) => p)
    .sort((a, b) => a - b)
  return tied[(tied.length - 1) >> 1]
}

/** RECENT periods: the item's recent level is its mean quantity per period over its last few periods. */
const RECENT = 4

export function recentLevels(
  panel: Panel,
  keys: Int32Array,
  nItems: number,
  per: (i: number) => number
): Float64Array {
  // Each item keeps only its RECENT latest distinct periods and their quantity sums, in fixed slots (memory grows
  // with items, not rows: a Map per item held every period of a 10M-row panel). A period pushed out by RECENT later
  // ones can never come back among the latest, so one pass in row order gives the same sums as keeping them all.
  const period = new Float64Array(nItems * RECENT).fill(-Infinity)
  const sum = new Float64Array(nItems * RECENT)
  const used = new Uint8Array(nItems)
  for (let i = 0; i < panel.n; i++) {
    const it = keys[i]
    const p = per(i)
    const base = it * RECENT
    let slot = -1
    for (let k = 0; k < used[it]; k++) if (period[base + k] === p) slot = base + k
    if (slot < 0) {
      if (used[it] < RECENT) slot = base + used[it]++
      else {
        let low = base
        for (let k = 1; k < RECENT; k++) if (period[base + k] < period[low]) low = base + k
        if (!(p > period[low])) continue
        slot = low
      }
      period[slot] = p
      sum[slot] = 0
    }
    sum[slot] += panel.quantity[i]
  }
  const out = new Float64Array(nItems)
  const order: number[] = []
  for (let it = 0; it < nItems; it++) {
    if (!used[it]) continue
    const base = it * RECENT
    order.length = 0
    for (let k = 0; k < used[it]; k++) order.push(base + k)
    // Latest first, as the sums were always added up.
    order.sort((a, b) => period[b] - period[a])
    out[it] = order.reduce((s, k) => s + sum[k], 0) / order.length
  }
  return out
}

/** Mean demand by week of year relative to each item's own mean: seasonality from the data itself. */
function seasonIndex(panel: Panel): { season: number[] | null; nextWeek: number | null } {
  const week = panel.controls.find((c) => c.kind === 'cyclic' && c.period === 52)
  if (!week) return { season: null, nextWeek: null }
  const itemSum = new Float64Array(panel.itemIds.length)
  const itemN = new Float64Array(panel.itemIds.length)
  for (let i = 0; i < panel.n; i++) {
    itemSum[panel.item[i]] += panel.quantity[i]
    itemN[panel.item[i]]++
  }
  const s = new Float64Array(52)
  const n = new Float64Array(52)
  for (let i = 0; i < panel.n; i++) {
    const m = itemSum[panel.item[i]] / itemN[panel.item[i]]
    if (!(m > 0)) continue
    const w = ((Math.round(week.values[i]) % 52) + 52) % 52
    s[w] += panel.quantity[i] / m
    n[w]++
  }
  const season = Array.from(s, (x, w) => (n[w] ? x / n[w] : 1))
  // The week most items were last seen in is "now"; the next one is being priced.
  const lastRow = new Map<number, number>()
  for (let i = 0; i < panel.n; i++) lastRow.set(panel.item[i], i)
  const counts = new Float64Array(52)
  for (const i of lastRow.values()) counts[((Math.round(week.values[i]) % 52) + 52) % 52]++
  const lastWeek = counts.indexOf(Math.max(...counts))
  return { season, nextWeek: (lastWeek + 1) % 52 }
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
