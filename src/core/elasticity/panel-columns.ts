import { quoteIdent, type Db } from '../db/port'
import { isoToDay } from '../util/dates'
import { Rng } from '../util/rng'
import { sampleItems } from './item-sample'
import type { SqlValue } from '../../shared/data/results'
import type { SampledRows } from '../../shared/elasticity/model-results'

/** Codes for string levels as they stream in; finish() orders the levels by name (numbers naturally) and remaps. */
export class LevelCoder {
  readonly codes: Int32Array
  private readonly names: string[] = []
  private readonly index = new Map<string, number>()

  constructor(n: number) {
    this.codes = new Int32Array(n)
  }

  add(i: number, v: string): void {
    let k = this.index.get(v)
    if (k === undefined) {
      k = this.names.length
      this.names.push(v)
      this.index.set(v, k)
    }
    this.codes[i] = k
  }

  finish(n: number): { codes: Int32Array; names: string[] } {
    const sorted = [...this.names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    const at = new Map(sorted.map((nm, k) => [nm, k]))
    const remap = Int32Array.from(this.names, (nm) => at.get(nm) as number)
    const codes = this.codes.subarray(0, n)
    for (let i = 0; i < n; i++) codes[i] = remap[codes[i]]
    return { codes, names: sorted }
  }
}

export interface ColumnRoles {
  price: string
  quantity: string
  item?: string
  segment?: string
  period?: string
  periodIsDate: boolean
  controls: { name: string; numeric: boolean }[]
}

export interface DatasetColumns {
  n: number
  /** Missing values per selected column, in the order the columns were given. */
  missing: Map<string, number>
  price: Float64Array
  quantity: Float64Array
  item: { codes: Int32Array; names: string[] }
  segment: { codes: Int32Array; names: string[] } | null
  /** A date period: its day numbers. */
  days: Float64Array | null
  /** Another period: its levels and its values as numbers. */
  periodLevels: { codes: Int32Array; names: string[] } | null
  periodValues: Float64Array | null
  controls: { name: string; values?: Float64Array; levels?: { codes: Int32Array; names: string[] } }[]
  /** Set when only a sample of the table was read (see ItemSample). */
  sampled: SampledRows | null
}

/** Read at most maxRows rows: whole items drawn at random (seeded), each with its full history. */
export interface ItemSample {
  maxRows: number
  seed: number
}

/** The columns whose every level a sample keeps: the segment and the text controls (see sampleItems). */
function categoryColumns(roles: ColumnRoles): string[] {
  const cols = [
    ...(roles.segment ? [roles.segment] : []),
    ...roles.controls.filter((c) => !c.numeric).map((c) => c.name)
  ]
  return [...new Set(cols)].filter((c) => c !== roles.item)
}

/**
 * Which items a sample keeps: every segment and category level first, then items in a seeded random
 * order, taken while the rows stay within maxRows (an item that would overflow is skipped, a smaller
 * one later may still fit), see sampleItems. Null when the table fits whole. Without an item column, rows are their own items: a Bernoulli sample.
 */
function chooseItems(
  db: Db,
  table: string,
  item: string | undefined,
  categories: string[],
  total: number,
  sample: ItemSample
): { keep: Set<string> | null; keepRow: ((i: number) => boolean) | null; info: SampledRows } | null {
  if (total <= sample.maxRows) return null
  if (!item) {
    const rng = new Rng(sample.seed)
    const p = sample.maxRows / total
    const rows = new Uint8Array(total).map(() => (rng.next() < p ? 1 : 0))
    const kept = rows.reduce((a, b) => a + b, 0)
    return {
      keep: null,
      keepRow: (i) => rows[i] === 1,
      info: {
        rows: kept,
        items: kept,
        of_rows: total,
        of_items: total,
        seed: sample.seed,
        method: 'rows at random'
      }
    }
  }
  const chosen = sampleItems(db, table, item, categories, sample.maxRows, sample.seed)
  return {
    keep: chosen.keep,
    keepRow: null,
    info: {
      rows: chosen.rows,
      items: chosen.keep.size,
      of_rows: total,
      of_items: chosen.ofItems,
      seed: sample.seed,
      method: categories.length
        ? `whole items at random, each with all its rows, at least one item of every ${categories.join(', ')}`
        : 'whole items at random, each with all its rows'
    }
  }
}

/**
 * The panel's columns of a dataset table in one pass, straight into typed arrays and level
 * codes. Reading every row as a JS array first (as before) took ~600 MB at 1M rows, several
 * times the panel itself; this keeps one row at a time. The count and the rows come from one
 * read transaction, so they agree.
 */
export function readDatasetColumns(
  db: Db,
  table: string,
  cols: string[],
  roles: ColumnRoles,
  sample?: ItemSample
): DatasetColumns {
  const read = () => {
    const total = (
      db.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number }
    ).n
    const chosen = sample ? chooseItems(db, table, roles.item, categoryColumns(roles), total, sample) : null
    const n = chosen ? chosen.info.rows : total
    const at = (c: string) => cols.indexOf(c)
    const nulls = new Float64Array(cols.length)
    const price = new Float64Array(n)
    const quantity = new Float64Array(n)
    const kp = at(roles.price)
    const kq = at(roles.quantity)
    const ki = roles.item ? at(roles.item) : -1
    const items = new LevelCoder(n)
    const ks = roles.segment ? at(roles.segment) : -1
    const segs = ks >= 0 ? new LevelCoder(n) : null
    const kt = roles.period ? at(roles.period) : -1
    const days = kt >= 0 && roles.periodIsDate ? new Float64Array(n) : null
    const periodLevels = kt >= 0 && !roles.periodIsDate ? new LevelCoder(n) : null
    const periodValues = periodLevels ? new Float64Array(n) : null
    const ctl = roles.controls.map((c) => ({
      name: c.name,
      k: at(c.name),
      values: c.numeric ? new Float64Array(n) : undefined,
      coder: c.numeric ? undefined : new LevelCoder(n)
    }))
    const select = `SELECT ${cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)}`
    let i = 0
    let r = -1
    const keep = chosen?.keep
    const keepRow = chosen?.keepRow
    for (const row of db.prepare(select).raw() as IterableIterator<SqlValue[]>) {
      r++
      if (keep && !keep.has(String(row[ki]))) continue
      if (keepRow && !keepRow(r)) continue
      if (i >= n) break
      for (let k = 0; k < row.length; k++) if (row[k] === null) nulls[k]++
      price[i] = Number(row[kp])
      quantity[i] = Number(row[kq])
      items.add(i, ki >= 0 ? String(row[ki]) : String(i))
      segs?.add(i, String(row[ks]))
      if (days) days[i] = isoToDay(String(row[kt]))
      if (periodLevels && periodValues) {
        periodLevels.add(i, String(row[kt]))
        periodValues[i] = Number(row[kt])
      }
      for (const c of ctl) {
        if (c.values) c.values[i] = Number(row[c.k])
        else c.coder?.add(i, String(row[c.k]))
      }
      i++
    }
    const m = i
    const missing = new Map<string, number>()
    cols.forEach((c, k) => missing.set(c, (missing.get(c) ?? 0) + (cols.indexOf(c) === k ? nulls[k] : 0)))
    return {
      n: m,
      missing,
      price: price.subarray(0, m),
      quantity: quantity.subarray(0, m),
      item: items.finish(m),
      segment: segs ? segs.finish(m) : null,
      days: days ? days.subarray(0, m) : null,
      periodLevels: periodLevels ? periodLevels.finish(m) : null,
      periodValues: periodValues ? periodValues.subarray(0, m) : null,
      controls: ctl.map((c) => ({
        name: c.name,
        values: c.values?.subarray(0, m),
        levels: c.coder?.finish(m)
      })),
      sampled: chosen ? { ...chosen.info, rows: m } : null
    }
  }
  return db.inTransaction ? read() : db.transaction(read)
}
