import { quoteIdent, type Db } from '../db/port'

import { isoToDay } from '../util/dates'
import { retailPanelTruth } from '../data/sample/retail/truth'
import { negativeQuantityError } from '../elasticity/negative-quantities'
import {
  MIN_ROWS,
  PanelError,
  pricedDataset,
  SAMPLE_DATASET,
  type Control,
  type Panel
} from '../elasticity/panel'
import type { SqlValue } from '../../shared/data/results'
import type { PricingDigest, PricingRows } from './digest'
import { RefSums, SeasonSums, StreamLevels, type KeptRow } from './digest-stream-parts'
import { ChunkPacker, CodeMap, type PackedChunk, type ReadSpec } from './digest-chunks'
import { RecentSlots } from './recent-slots'

/**
 * Pricing's digest of an imported dataset made while its rows stream past (one read, row by row):
 * what it keeps grows with the items and their latest period's rows, never with the panel's length.
 * It equals `digestFor(selectControls(loadDatasetPanel(…)), rows)` (test/core/pricing/digest-stream.test.ts):
 * the same checks and messages, level orders, latest rows, ranges, recent levels, observed prices,
 * reference prices and item log prices; the season index up to the order its sums are added in.
 * Null where this path does not apply (the sample, items by a list of columns, no item column,
 * a period that is not a date): the caller reads the panel whole as before.
 */
export function streamDigest(
  db: Db,
  dataset: string,
  rows: PricingRows,
  controls?: string[],
  parallel?: ParallelRead
): PricingDigest | null {
  if (dataset === SAMPLE_DATASET || Array.isArray(rows.itemBy)) return null
  const ds = pricedDataset(db, dataset)
  const r = ds.roles
  const typeOf = new Map(ds.columns.map((c) => [c.name, c.type]))
  const segmentCol = r.segments?.[0]
  const controlCols = [...(r.segments ?? []).filter((s) => s !== segmentCol), ...(r.features ?? [])]
  if (
    !r.item ||
    (r.period && typeOf.get(r.period) !== 'date') ||
    (r.period && controlCols.includes(r.period))
  )
    return null
  for (const c of [segmentCol, r.item, r.period, ...controlCols].filter((x): x is string => !!x))
    if (!typeOf.has(c)) throw new PanelError(`dataset "${dataset}" has no column "${c}"`)
  const plan: Plan = {
    dataset,
    table: ds.table,
    version: ds.version,
    price: r.price,
    quantity: r.quantity,
    item: r.item,
    segment: segmentCol,
    period: r.period,
    controls: controlCols.map((c) => ({
      name: c,
      numeric: typeOf.get(c) === 'integer' || typeOf.get(c) === 'number'
    })),
    itemBy: rows.itemBy,
    trendWanted: !controls || (!!r.period && controls.includes(`${r.period} (trend)`)),
    selected: controls
  }
  const read = () => {
    try {
      return readStreaming(db, plan, parallel)
    } catch (e) {
      if (!(e instanceof ChunkHelperError)) throw e
      return readStreaming(db, plan, undefined)
    }
  }
  return db.inTransaction ? read() : db.transaction(read)
}

interface Plan {
  dataset: string
  table: string
  version: number
  price: string
  quantity: string
  item: string
  segment?: string
  period?: string
  controls: { name: string; numeric: boolean }[]
  itemBy: 'item' | 'segment'
  /** Whether the trend control (the digest's period) survives the caller's choice of controls. */
  trendWanted: boolean
  selected?: string[]
}

/** The first and last day of the period column (SQL): which week each row is in, before the rows are read. */
function dayRange(db: Db, p: Plan): { min: number; weeks: number } | null {
  if (!p.period) return null
  const c = quoteIdent(p.period)
  const row = db
    .prepare<{ lo: SqlValue; hi: SqlValue }>(
      `SELECT min(${c}) AS lo, max(${c}) AS hi FROM ${quoteIdent(p.table)}`
    )
    .get() as { lo: SqlValue; hi: SqlValue }
  if (row.lo === null || row.hi === null) return null
  const min = isoToDay(String(row.lo))
  return { min, weeks: Math.floor((isoToDay(String(row.hi)) - min) / 7) }
}

const WEEK_ORIGIN = isoToDay('2000-01-03')

/** Rows per packed chunk: a few MB of numbers, whichever thread read them. */
const CHUNK_ROWS = 65_536
/** Chunks the digesting thread reads ahead of the one it waits for (memory: a few MB each). */
const READ_AHEAD = 4

function readStreaming(db: Db, p: Plan, parallel: ParallelRead | undefined): PricingDigest | null {
  const range = dayRange(db, p)
  if (p.period && !range) return null
  // The digest's period is the trend (weeks since the first day) where the panel keeps it, else the row order.
  const byWeek = !!range && range.weeks > 0 && p.trendWanted
  const cols = [p.price, p.quantity, p.item, p.segment, p.period, ...p.controls.map((c) => c.name)].filter(
    (x): x is string => !!x
  )
  const at = (c: string) => cols.indexOf(c)
  const spec: ReadSpec = {
    table: p.table,
    cols,
    kt: p.period ? at(p.period) : -1,
    ks: p.segment ? at(p.segment) : -1,
    ctl: p.controls.map((c) => ({ k: at(c.name), numeric: c.numeric }))
  }
  const s = new StreamState(
    p,
    cols.length,
    spec.ctl.map((c) => c.k)
  )
  const take = consumer(s, spec, range, byWeek)
  const chunks = parallel ? inParallel(db, spec, parallel) : null
  if (chunks) for (const [c, codes] of chunks) take(c, codes)
  else {
    const rows = db.prepare(`SELECT ${cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(p.table)}`).raw()
    const packer = new ChunkPacker(spec)
    const codes = new CodeMap(cols.length)
    for (let c = packer.pack(rows, CHUNK_ROWS); c.n > 0; c = packer.pack(rows, CHUNK_ROWS)) take(c, codes)
  }
  const { n, minDay, maxDay } = take.seen()
  // The SQL range must be the rows' own (text dates that are not ISO would not sort as days): else the whole read.
  if (range && (minDay !== range.min || Math.floor((maxDay - range.min) / 7) !== range.weeks)) return null
  s.check(db, cols, n)
  return assembleDigest(db, s, n, range !== null)
}

/**
 * The digesting of packed chunks, in the table's order: each chunk's codes mapped to the state's own, then its
 * rows added one by one exactly as a single read of the table adds them (same order, same values, same codes).
 */
function consumer(
  s: StreamState,
  spec: ReadSpec,
  range: { min: number; weeks: number } | null,
  byWeek: boolean
) {
  let r = 0
  let minDay = Infinity
  let maxDay = -Infinity
  const values = s.values
  const nCtl = spec.ctl.length
  const own = { items: s.items, segs: s.segs, levels: s.levels }
  const take = (c: PackedChunk, codes: CodeMap): void => {
    codes.extend(c.names, own)
    for (let k = 0; k < c.nulls.length; k++) s.nulls[k] += c.nulls[k]
    for (let i = 0; i < c.n; i++) {
      const day = c.day[i]
      if (day < minDay) minDay = day
      if (day > maxDay) maxDay = day
      const week = range ? Math.floor((day - range.min) / 7) : 0
      for (let j = 0; j < nCtl; j++) {
        const v = c.values[i * nCtl + j]
        values[j] = spec.ctl[j].numeric ? v : codes.levels[spec.ctl[j].k][v]
      }
      s.add(
        r,
        c.price[i],
        c.quantity[i],
        codes.items[c.item[i]],
        spec.ks >= 0 ? codes.segs[c.segment[i]] : 0,
        week,
        Math.floor(((day - WEEK_ORIGIN) % 364) / 7),
        byWeek ? week : r
      )
      r++
    }
  }
  return Object.assign(take, { seen: () => ({ n: r, minDay, maxDay }) })
}

/** The second reader failed or stopped: the table is read again, on this thread alone. */
export class ChunkHelperError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ChunkHelperError'
  }
}

/**
 * A second thread reading part of the table (the backend's: a worker with a connection of its own, on its own
 * snapshot). The chunks are shared out as they come: each thread claims the next chunk no one has claimed, so
 * whichever is less busy reads more (the helper a little ahead, this thread digesting every chunk).
 */
export interface ChunkHelper {
  /** Its snapshot's stamp of the dataset; the read is shared only when it equals this thread's. */
  stamp(): string
  /** Claims chunk k for this thread: false when the helper claimed (and reads) it already. */
  claim(k: number): boolean
  /** Claims the first chunk no thread has claimed yet for this thread: its number, or -1 when none is left. */
  claimNext(): number
  /** Whether chunk k, which the helper claimed, is there to take (never blocks). */
  arrived(k: number): boolean
  /** Chunk k, which the helper claimed (blocks until it is there); throws when the helper failed. */
  next(k: number): PackedChunk
  /** Chunk k is digested: the helper may claim one more. */
  taken(k: number): void
  close(): void
}

/** How the rows may be read on two threads: from how many rows, and the helper to start. */
export interface ParallelRead {
  /** Fewer rows than this are read here alone (starting a thread costs more than it saves). */
  minRows: number
  /** Rows per chunk (tests use small ones to cross many chunk edges). */
  chunkRows?: number
  /** Starts a helper reading, of these rowid ranges [from, to), those it claims; null where none can start. */
  start(spec: ReadSpec, ranges: [number, number][]): ChunkHelper | null
}

/**
 * The table's state as a snapshot sees it, compared between the two threads' connections: its dataset's row
 * (version, import time: every import under its name changes them) and its rows' count and rowid range.
 */
export function datasetStamp(db: Db, table: string): string {
  const ds = db
    .prepare<{ version: number; at: string }>(
      'SELECT version, imported_at AS at FROM datasets WHERE table_name = ?'
    )
    .get(table)
  const rows = db
    .prepare<{ n: number; lo: number | null; hi: number | null }>(
      `SELECT count(*) AS n, min(rowid) AS lo, max(rowid) AS hi FROM ${quoteIdent(table)}`
    )
    .get()
  return JSON.stringify({ ds: ds ?? null, ...rows })
}

/**
 * The table's chunks read on two threads, in the table's order: this thread digests them all; each thread
 * reads the next chunk no one has claimed whenever it is free (this one while the helper's chunk it waits for is
 * not there yet, keeping what it read ahead until its turn), so the split follows the threads' speed: neither
 * waits while there is a chunk left to read. Null where the table is small, has an index (a plain scan
 * might then not be in rowid order), or the helper cannot start or sees another snapshot: the caller then
 * reads alone.
 */
function inParallel(db: Db, spec: ReadSpec, par: ParallelRead): Iterable<[PackedChunk, CodeMap]> | null {
  const indexes = db.prepare(`PRAGMA index_list(${quoteIdent(spec.table)})`).all()
  if (indexes.length) return null
  const stamp = datasetStamp(db, spec.table)
  const { n, lo, hi } = JSON.parse(stamp) as { n: number; lo: number | null; hi: number | null }
  if (n < par.minRows || lo === null || hi === null) return null
  const size = par.chunkRows ?? CHUNK_ROWS
  const all: [number, number][] = []
  for (let from = lo; from <= hi; from += size) all.push([from, from + size])
  const helper = par.start(spec, all)
  if (!helper) return null
  if (helper.stamp() !== stamp) {
    helper.close()
    return null
  }
  return (function* () {
    const here = new ChunkPacker(spec)
    const hereCodes = new CodeMap(spec.cols.length)
    const thereCodes = new CodeMap(spec.cols.length)
    const select = db.prepare(
      `SELECT ${spec.cols.map(quoteIdent).join(', ')} FROM ${quoteIdent(spec.table)} WHERE rowid >= ? AND rowid < ?`
    )
    // One more than the range holds: the read runs to its end, leaving the statement free for the next.
    const read = (k: number) => here.pack(select.raw(...all[k]), size + 1)
    // Chunks this thread read ahead while the helper's next one was not there yet (in claim order).
    const ahead = new Map<number, PackedChunk>()
    try {
      for (let k = 0; k < all.length; k++) {
        const mine = ahead.get(k) ?? (helper.claim(k) ? read(k) : null)
        ahead.delete(k)
        if (mine) yield [mine, hereCodes]
        else {
          while (!helper.arrived(k) && ahead.size < READ_AHEAD) {
            const j = helper.claimNext()
            if (j < 0) break
            ahead.set(j, read(j))
          }
          yield [helper.next(k), thereCodes]
        }
        helper.taken(k)
      }
    } finally {
      helper.close()
    }
  })()
}

/** Everything kept while the rows stream: per item, per segment × week, per observed price. */
class StreamState {
  readonly nulls: Float64Array
  readonly items = new StreamLevels()
  readonly segs = new StreamLevels()
  /** A coder per selected column; only the text controls' are used. */
  readonly levels: StreamLevels[]
  /** Each control's column among those read. */
  readonly ctlCols: number[]
  readonly recent = new RecentSlots()
  readonly season = new SeasonSums()
  readonly refs = new RefSums()
  readonly prices = new Map<number, number>()
  readonly last: number[] = []
  readonly lo: number[] = []
  readonly hi: number[] = []
  /** Per key, the rows of its latest period so far: the first kept[key] of latest[key]. */
  private readonly latest: KeptRow[][] = []
  private readonly kept: number[] = []
  /** The current row's controls, and its weeks and period (kept rows copy them). */
  readonly values: Float64Array
  private readonly at = { week: 0, woy: 0, per: 0 }
  readonly logSum: number[] = []
  readonly logN: number[] = []
  readonly constant: { first: number; same: boolean }[]
  badP = 0
  badQ = 0
  firstPrice = NaN
  priceVaries = false

  constructor(
    readonly plan: Plan,
    nCols: number,
    ctlCols: number[]
  ) {
    this.ctlCols = ctlCols
    this.values = new Float64Array(ctlCols.length)
    this.nulls = new Float64Array(nCols)
    this.levels = Array.from({ length: nCols }, () => new StreamLevels())
    // Constant-ness of week of year, trend, then each control, as `finish` judges the whole panel's columns.
    this.constant = Array.from({ length: plan.controls.length + 2 }, () => ({ first: NaN, same: true }))
  }

  /** One row: `values` holds its controls (a number, or a level's code). */
  add(
    r: number,
    price: number,
    quantity: number,
    it: number,
    segment: number,
    week: number,
    woy: number,
    per: number
  ): void {
    if (!(price > 0)) this.badP++
    if (!(quantity >= 0)) this.badQ++
    if (r === 0) this.firstPrice = price
    else if (price !== this.firstPrice) this.priceVaries = true
    this.seeConstant(r, 0, woy)
    this.seeConstant(r, 1, week)
    for (let j = 0; j < this.values.length; j++) this.seeConstant(r, 2 + j, this.values[j])
    this.prices.set(price, (this.prices.get(price) ?? 0) + 1)
    this.refs.add(segment, week, price)
    if (this.logSum.length <= it) {
      this.logSum.push(0)
      this.logN.push(0)
    }
    this.logSum[it] += Math.log(price)
    this.logN[it]++
    this.season.add(it, woy, quantity, r)
    const key = this.plan.itemBy === 'item' ? it : segment
    while (this.last.length <= key) {
      this.last.push(-Infinity)
      this.lo.push(Infinity)
      this.hi.push(-Infinity)
      this.latest.push([])
      this.kept.push(0)
    }
    if (per > this.last[key]) {
      this.last[key] = per
      this.kept[key] = 0
    }
    if (per === this.last[key]) {
      this.at.week = week
      this.at.woy = woy
      this.at.per = per
      this.keep(key, r, price, quantity, it, segment)
    }
    if (price < this.lo[key]) this.lo[key] = price
    if (price > this.hi[key]) this.hi[key] = price
    this.recent.add(key, per, quantity)
  }

  private seeConstant(r: number, k: number, v: number): void {
    const c = this.constant[k]
    if (r === 0) c.first = v
    else if (v !== c.first) c.same = false
  }

  /** The row among its key's latest: written over a row a later period pushed out, made only when there is none. */
  private keep(key: number, r: number, price: number, quantity: number, item: number, segment: number): void {
    const rows = this.latest[key]
    const at = this.kept[key]++
    if (at === rows.length) {
      const { week, woy, per } = this.at
      rows.push({ r, price, quantity, item, segment, week, woy, per, values: Array.from(this.values) })
      return
    }
    const row = rows[at]
    row.r = r
    row.price = price
    row.quantity = quantity
    row.item = item
    row.segment = segment
    row.week = this.at.week
    row.woy = this.at.woy
    row.per = this.at.per
    for (let j = 0; j < this.values.length; j++) row.values[j] = this.values[j]
  }

  /** Each key's rows of its latest period. */
  latestOf(key: number): KeptRow[] {
    return (this.latest[key] ?? []).slice(0, this.kept[key] ?? 0)
  }

  /** loadDatasetPanel's refusals, in its order and words. */
  check(db: Db, cols: string[], n: number): void {
    const p = this.plan
    if (n < MIN_ROWS)
      throw new PanelError(`dataset "${p.dataset}" has ${n} rows; elasticity needs at least ${MIN_ROWS}`)
    const missing = new Map<string, number>()
    cols.forEach((c, k) =>
      missing.set(c, (missing.get(c) ?? 0) + (cols.indexOf(c) === k ? this.nulls[k] : 0))
    )
    for (const [c, m] of missing)
      if (m)
        throw new PanelError(
          `column "${c}" has ${m} missing values: fill or drop those rows before estimating elasticity`
        )
    if (this.badP)
      throw new PanelError(
        `column "${p.price}" has ${this.badP} prices that are zero or negative: log price needs positive prices`
      )
    if (this.badQ) throw negativeQuantityError(db, p.dataset, p.quantity, this.badQ)
    if (!this.priceVaries)
      throw new PanelError(`column "${p.price}" never changes: elasticity needs price variation`)
  }
}

/** A control of the whole panel as loadDatasetPanel builds it, with how to read it from a kept row. */
interface StreamControl {
  control: Omit<Control, 'values'>
  get: (row: KeptRow) => number
  constant: boolean
}

/** The panel's controls in loadDatasetPanel's order, less the constant ones (with finish's warnings) and those not chosen. */
function panelControls(s: StreamState, segs: { names: string[]; remap: Int32Array }, n: number) {
  const p = s.plan
  const all: StreamControl[] = []
  if (p.segment && segs.names.length > 1)
    all.push({
      control: { name: p.segment, kind: 'categorical', levels: segs.names },
      get: (row) => segs.remap[row.segment],
      constant: false
    })
  if (p.period) {
    all.push({
      control: { name: `${p.period} (week of year)`, kind: 'cyclic', period: 52 },
      get: (row) => row.woy,
      constant: s.constant[0].same
    })
    all.push({
      control: { name: `${p.period} (trend)`, kind: 'numeric' },
      get: (row) => row.week,
      constant: s.constant[1].same
    })
  }
  p.controls.forEach((c, j) => {
    const constant = s.constant[2 + j].same
    if (c.numeric)
      all.push({ control: { name: c.name, kind: 'numeric' }, get: (row) => row.values[j], constant })
    else {
      const lv = s.levels[s.ctlCols[j]].finish()
      all.push({
        control: { name: c.name, kind: 'categorical', levels: lv.names },
        get: (row) => lv.remap[row.values[j]],
        constant
      })
    }
  })
  const warnings: string[] = []
  const kept = all.filter((c) => {
    if (c.constant) warnings.push(`feature "${c.control.name}" is constant and was left out`)
    return !c.constant
  })
  if (n < 300)
    warnings.push(`only ${n} rows: estimates are unstable below a few hundred rows; read the intervals`)
  if (!p.selected) return { controls: kept, warnings }
  const known = new Set(kept.map((c) => c.control.name))
  const unknown = p.selected.filter((x) => !known.has(x))
  if (unknown.length)
    throw new PanelError(
      `unknown feature ${unknown.map((u) => `"${u}"`).join(', ')} (available: ${[...known].join(', ')})`
    )
  const chosen = p.selected
  return { controls: kept.filter((c) => chosen.includes(c.control.name)), warnings }
}

/** The digest from what the stream kept: items in key order, their latest rows in the table's order. */
function assembleDigest(db: Db, s: StreamState, n: number, hasPeriod: boolean): PricingDigest {
  const p = s.plan
  const items = s.items.finish()
  const segs = p.segment ? s.segs.finish() : { names: ['All'], remap: Int32Array.of(0) }
  const keyLevels = p.itemBy === 'item' ? items : segs
  const names = keyLevels.names
  const nKeys = names.length
  const inv = new Int32Array(nKeys)
  keyLevels.remap.forEach((f, k) => (inv[f] = k))
  const start = new Int32Array(nKeys + 1)
  const kept: KeptRow[] = []
  for (let k = 0; k < nKeys; k++) {
    const rows = s.latestOf(inv[k])
    start[k + 1] = start[k] + rows.length
    for (const row of rows) kept.push(row)
  }
  const { controls, warnings } = panelControls(s, segs, n)
  const col = (f: (row: KeptRow) => number) => Float64Array.from(kept, f)
  const itemLogPrice = new Float64Array(items.names.length)
  items.remap.forEach((f, k) => (itemLogPrice[f] = s.logN[k] ? s.logSum[k] / s.logN[k] : 0))
  const panel: Panel = {
    dataset: p.dataset,
    version: p.version,
    n: kept.length,
    item: Int32Array.from(kept, (row) => items.remap[row.item]),
    itemIds: items.names,
    segment: Int32Array.from(kept, (row) => segs.remap[row.segment]),
    segments: segs.names,
    segmentName: p.segment ?? 'all',
    price: col((row) => row.price),
    quantity: col((row) => row.quantity),
    refPrice: col((row) => s.refs.mean(row.segment, row.week)),
    controls: controls.map((c) => ({ ...c.control, values: col(c.get) })),
    ...(hasPeriod ? { period: Int32Array.from(kept, (row) => row.week) } : {}),
    truth: retailPanelTruth(db, p.dataset, p.segment),
    warnings,
    itemLogPrice
  }
  const byKey = (a: number[]) => Float64Array.from(inv, (k) => a[k])
  const cyclic = controls.some((c) => c.control.kind === 'cyclic' && c.control.period === 52)
  const values = Float64Array.from(s.prices.keys()).sort()
  return {
    itemBy: p.itemBy,
    panel,
    origin: Uint32Array.from(kept, (row) => row.r),
    names,
    start,
    lo: byKey(s.lo),
    hi: byKey(s.hi),
    recent: Float64Array.from(inv, (k) => s.recent.level(k)),
    ...(cyclic ? s.season.index() : { season: null, nextWeek: null }),
    prices: { values, counts: Float64Array.from(values, (v) => s.prices.get(v) as number), n }
  }
}
