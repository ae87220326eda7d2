import { quoteIdent, type Db } from '../db/port'
import { findDataset } from '../data/datasets'
import { comparePeriods, periodText, withinBound, type PeriodBound } from './periods'
import { ExperimentError, PRE_PERIODS, terciles, varianceComponents, type UnitSet } from './units'
import type { DatasetInfo } from '../../shared/data/results'

/** Which column is the unit (null: the item role) and which column's values are randomized whole (null: none). */
export interface UnitColumns {
  unit: string | null
  cluster: string | null
}

interface Unit {
  id: string
  segment: string
  cluster: string | null
  /** Other columns' values, to find the column units share (their store). */
  shared: Map<string, string>
  price: number
  revenue: Map<string, number>
  items: Set<string>
}

const columnOf = (ds: DatasetInfo, name: string, flag: string): string => {
  if (!ds.columns.some((c) => c.name === name))
    throw new ExperimentError(
      `dataset "${ds.name}" has no column "${name}" (${flag}); its columns: ${ds.columns.map((c) => c.name).join(', ')}`
    )
  return name
}

/**
 * The units of an imported dataset: its items (item role), or any id column's values (a store,
 * a region, a customer) with the revenue of all their rows per period; each with its segment,
 * latest price (items only: a store has no one price), its cluster (the `cluster` column's value,
 * which must be one per unit), and its revenue per period over its last 12 periods. Periods in
 * their own order (week 99 before week 160, dates as dates).
 */
export function loadItems(
  db: Db,
  name: string,
  bound: PeriodBound = null,
  columns: UnitColumns = { unit: null, cluster: null }
): UnitSet {
  const ds = findDataset(db, name)
  if (!ds) throw new ExperimentError(`no dataset named "${name}"`)
  const r = ds.roles
  if (!r.item || !r.price || !r.quantity)
    throw new ExperimentError(
      `dataset "${name}" needs item, price and quantity roles to be tested item by item`
    )
  const unitCol = columns.unit ? columnOf(ds, columns.unit, 'the unit column') : r.item
  const clusterCol = columns.cluster ? columnOf(ds, columns.cluster, 'the cluster column') : null
  if (clusterCol === unitCol)
    throw new ExperimentError(
      `the cluster column "${clusterCol}" is the unit itself: cluster by a column that groups units`
    )
  const seg = r.segments?.[0] ?? null
  const roleCols = new Set([r.item, r.price, r.quantity, r.period, ...(r.segments ?? [])])
  const others = ds.columns
    .filter((c) => c.type === 'text' || c.type === 'integer')
    .map((c) => c.name)
    .filter((c) => !roleCols.has(c) && c !== unitCol)
  const cols = [
    ...new Set([unitCol, r.item, r.price, r.quantity, seg, r.period, clusterCol, ...others])
  ].filter((c): c is string => !!c)
  const at = (c: string) => cols.indexOf(c)
  const rows = [...db.prepare(`SELECT ${cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(ds.table)}`).raw()]
  const period = r.period ? at(r.period) : -1
  if (period >= 0) rows.sort((x, y) => comparePeriods(x[period] as string, y[period] as string))
  const units = new Map<string, Unit>()
  const mixed = new Set<string>()
  let asOf: string | number | null = null
  let line = 0
  for (const row of rows) {
    const price = Number(row[at(r.price)])
    const q = Number(row[at(r.quantity)])
    if (!Number.isFinite(price) || !Number.isFinite(q)) continue
    const when = period >= 0 ? (row[period] as string | number) : null
    if (period >= 0 && !withinBound(when, bound)) continue
    const id = String(row[at(unitCol)])
    const cluster = clusterCol ? String(row[at(clusterCol)] ?? '') : null
    let u = units.get(id)
    if (!u) {
      u = {
        id,
        segment: seg ? String(row[at(seg)]) : 'all',
        cluster,
        shared: new Map(others.map((c) => [c, String(row[at(c)] ?? '')])),
        price,
        revenue: new Map(),
        items: new Set()
      }
      units.set(id, u)
    }
    if (cluster !== u.cluster) mixed.add(id)
    for (const c of others) if (u.shared.get(c) !== String(row[at(c)] ?? '')) u.shared.delete(c)
    u.price = price
    u.items.add(String(row[at(r.item)]))
    const key = when === null ? String(line++) : periodText(when)
    u.revenue.set(key, (u.revenue.get(key) ?? 0) + price * q)
    if (when !== null && (asOf === null || comparePeriods(when, asOf) > 0)) asOf = when
  }
  if (mixed.size)
    throw new ExperimentError(
      `a unit must lie in one cluster: ${[...mixed]
        .slice(0, 5)
        .map((id) => `"${id}"`)
        .join(', ')} span several values of "${clusterCol}"; cluster by a column that groups units`
    )
  const word = unitCol === r.item ? 'items' : `${unitCol} values`
  if (units.size < 4)
    throw new ExperimentError(`dataset "${name}" has ${units.size} ${word}: too few to split into arms`)
  const list = [...units.values()].map((u) => ({ ...u, recent: [...u.revenue.values()].slice(-PRE_PERIODS) }))
  const { means, between, within } = varianceComponents(list.map((x) => x.recent))
  const byItem = unitCol === r.item
  const prices = list.map((x) => (byItem ? x.price : null))
  const tiers = byItem ? terciles(list.map((x) => x.price)) : null
  const shared = sharedColumn(list, others)
  return {
    kind: 'items',
    segment_column: seg,
    unit_column: unitCol,
    cluster_column: clusterCol,
    shared_column: shared,
    ids: list.map((x) => x.id),
    strata: (s) => {
      if (s === 'category') return list.map((x) => x.segment)
      if (s === 'price_tier' && tiers) return tiers
      if (s === 'none') return list.map(() => 'all')
      throw new ExperimentError(
        `${word} can be stratified by their segment${seg ? ` (${seg})` : ''}${tiers ? ' or price tier' : ''}, not by ${s.replace('_', ' ')}`
      )
    },
    clusters: list.map((x) => x.cluster),
    segments: list.map((x) => x.segment),
    groups: list.map((x) => (clusterCol ? x.cluster : shared ? (x.shared.get(shared) ?? null) : null)),
    prices,
    covariates: [
      ...(byItem ? [{ name: 'price', values: list.map((x) => x.price) }] : []),
      { name: 'revenue_per_period', values: means },
      ...(seg ? [{ name: seg, values: list.map((x) => x.segment) }] : [])
    ],
    revenue: means,
    series: list.map((x) => x.recent),
    converted: null,
    components: { between, within },
    arrivals_per_day: null,
    window_days: 7,
    as_of: asOf === null ? ds.importedAt.slice(0, 10) : periodText(asOf)
  }
}

/**
 * The column units share where they take volume from each other: constant within each unit,
 * grouping several units of different segments (items of several brands in one store), with
 * at least 4 groups. The store of a store × brand panel; null when there is none.
 */
function sharedColumn(
  units: { segment: string; shared: Map<string, string> }[],
  candidates: string[]
): string | null {
  let best: { col: string; groups: number } | null = null
  for (const col of candidates) {
    if (!units.every((u) => u.shared.has(col))) continue
    const segs = new Map<string, Set<string>>()
    for (const u of units) {
      const g = u.shared.get(col) as string
      segs.set(g, (segs.get(g) ?? new Set()).add(u.segment))
    }
    const mixedGroups = [...segs.values()].filter((s) => s.size > 1).length
    if (segs.size >= 4 && segs.size < units.length && mixedGroups >= segs.size / 2)
      if (!best || segs.size > best.groups) best = { col, groups: segs.size }
  }
  return best?.col ?? null
}
