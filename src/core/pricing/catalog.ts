import type { Db } from '../db/port'
import { quoteIdent } from '../db/port'
import { findDataset } from '../data/datasets'
import { SAMPLE_DATASET, type Panel } from '../elasticity/panel'
import { isoToDay } from '../util/dates'

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
  /** Weeks since launch, for lifecycle pricing, when known. */
  age_weeks: number | null
  /** The item's latest panel row: its current conditions for demand predictions. */
  row: number
}

export interface Catalog {
  dataset: string
  segmentName: string
  items: CatalogItem[]
  /** Demand index per week of year (mean 1), from the data, when the data has a date. */
  season: number[] | null
  /** Week of year of the period being priced (the one after the data ends). */
  nextWeek: number | null
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

/** The items of a panel with today's prices (the list price where known, else the latest observed price). */
export function buildCatalog(panel: Panel, extras: Map<string, Extras>, costShare: number | null): Catalog {
  const nItems = panel.itemIds.length
  const last = new Int32Array(nItems).fill(-1)
  const lo = new Float64Array(nItems).fill(Infinity)
  const hi = new Float64Array(nItems).fill(-Infinity)
  for (let i = 0; i < panel.n; i++) {
    const it = panel.item[i]
    last[it] = i
    if (panel.price[i] < lo[it]) lo[it] = panel.price[i]
    if (panel.price[i] > hi[it]) hi[it] = panel.price[i]
  }
  const items: CatalogItem[] = []
  for (let it = 0; it < nItems; it++) {
    if (last[it] < 0) continue
    const id = panel.itemIds[it]
    const x = extras.get(id) ?? {}
    const price = x.price ?? panel.price[last[it]]
    items.push({
      id,
      name: x.name ?? id,
      segment: panel.segments[panel.segment[last[it]]],
      tier: x.tier ?? null,
      line: x.line ?? null,
      current_price: price,
      observed_min: Math.min(lo[it], price),
      observed_max: Math.max(hi[it], price),
      reference_price: x.competitor ?? 0,
      reference_kind: x.competitor !== undefined ? 'competitor' : 'category_average',
      cost: x.cost ?? (costShare !== null ? costShare * price : null),
      age_weeks: x.age_weeks ?? null,
      row: last[it]
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
  const { season, nextWeek } = seasonIndex(panel)
  return { dataset: panel.dataset, segmentName: panel.segmentName, items, season, nextWeek }
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
