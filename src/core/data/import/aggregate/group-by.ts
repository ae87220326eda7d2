import type { TransactionRecipe } from '../../../../shared/transactions'
import { bucketStart } from './buckets'
import { KeyInterner } from './key-interner'
import { GrowableF64, MeanColumns, type MeanParts } from './columns'

/** One sales line, parsed by the general parser: what the group-by needs of it. */
export interface SalesLine {
  line: number
  /** The item key's values, in recipe.item_by order. */
  item: string[]
  segments: string[]
  /** Day of the line (whole days since 1970-01-01). */
  day: number
  units: number
  price: number
  /** The list price when the recipe names one. */
  listPrice: number | null
  /** One flag per recipe feature: true when the line was sold on promotion. */
  flags: boolean[]
  cost: number | null
}

/** An item × period cell of the built panel (made once, at the end: one object per panel row). */
export interface PanelCell {
  item: string[]
  segments: string[]
  day: number
  /** Net units: sales minus returns. */
  net: number
  /** Units of the sale lines (units ≥ 0): the weights of price, list price, flags and cost. */
  sold: number
  price: number
  listPrice: number
  /** Units sold on promotion, per recipe feature. */
  flagged: number[]
  cost: number
  /** Order of the item's first line in the log (rows are written item by item, in that order). */
  itemOrder: number
}

const RETURN_LINES_KEPT = 5

/**
 * A group-by's cells as plain data (typed arrays, strings), to be sent from the worker that
 * read one byte range of a log to the thread that merges the ranges. Ids are the worker's own.
 */
export interface PartialPanel {
  cells: number
  lines: number
  /** Each item id's key values. */
  items: string[][]
  /** Per segment column, each segment id's value. */
  segments: string[][]
  cellItem: Int32Array
  cellDay: Int32Array
  cellSegs: Int32Array
  net: Float64Array
  sold: Float64Array
  flagged: Float64Array
  price: MeanParts
  listPrice: MeanParts
  cost: MeanParts
  returnCount: Int32Array
  /** [cell, its first return lines (line numbers within the range)]. */
  returnLines: [number, number[]][]
}

/** A cell whose returns exceed its sales: those returns cannot be netted within the item and period. */
export interface UnnettedCell {
  item: string[]
  day: number
  net: number
  returnLines: number[]
  returns: number
}

/**
 * The streaming group-by of a transaction log. Items (and segment values) are interned to
 * integer ids, an item × period cell is found by an integer hash of (item id, bucket day), and
 * every measure lives in typed arrays indexed by cell id that grow by doubling: memory grows
 * with the number of cells (the panel), never with the number of lines, and adding a line
 * allocates nothing. Lines can arrive in any order.
 */
export class PanelGroupBy {
  readonly items = new KeyInterner()
  /** One interner per segment column. */
  readonly segmentKeys: KeyInterner[]
  /** The line being added: its segment value ids and promotion flags (filled by the caller). */
  readonly segIds: Int32Array
  readonly flags: Uint8Array
  lines = 0
  private cells = 0
  private table = new Int32Array(4096).fill(-1)
  private mask = 4095
  private cellItem = new Int32Array(1024)
  private cellDay = new Int32Array(1024)
  private cellSegs: Int32Array
  private readonly net = new GrowableF64()
  private readonly sold = new GrowableF64()
  private readonly flagged: GrowableF64
  private readonly price = new MeanColumns()
  private readonly listPrice = new MeanColumns()
  private readonly cost = new MeanColumns()
  private returnCount = new Int32Array(1024)
  private readonly returnLines = new Map<number, number[]>()
  private readonly months = new Map<number, number>()
  private lastDay = NaN
  private lastBucket = NaN
  private readonly nSeg: number
  private readonly nFlag: number

  constructor(readonly recipe: TransactionRecipe) {
    this.nSeg = (recipe.segments ?? []).length
    this.nFlag = (recipe.features ?? []).length
    this.segmentKeys = Array.from({ length: this.nSeg }, () => new KeyInterner())
    this.segIds = new Int32Array(this.nSeg)
    this.flags = new Uint8Array(this.nFlag)
    this.cellSegs = new Int32Array(1024 * Math.max(1, this.nSeg))
    this.flagged = new GrowableF64(Math.max(1, this.nFlag))
  }

  get size(): number {
    return this.cells
  }

  /** Adds a line parsed by the general parser; returns the segment index whose value differs from the cell's, or -1. */
  add(l: SalesLine): number {
    const item = this.items.idOfValues(l.item)
    for (let s = 0; s < this.nSeg; s++) this.segIds[s] = this.segmentKeys[s].idOfValues([l.segments[s]])
    for (let f = 0; f < this.nFlag; f++) this.flags[f] = l.flags[f] ? 1 : 0
    return this.addLine(item, l.day, l.units, l.price, l.listPrice ?? NaN, l.cost ?? NaN, l.line)
  }

  /**
   * Adds a line whose item id, segment ids (segIds) and flags (flags) are set; listPrice and
   * cost NaN when the line has none. Returns the segment index whose value differs from the
   * cell's (nothing is added then), or -1.
   */
  addLine(
    item: number,
    lineDay: number,
    units: number,
    price: number,
    listPrice: number,
    cost: number,
    line: number
  ): number {
    const day = this.bucket(lineDay)
    let c = this.find(item, day)
    if (c < 0) c = this.newCell(item, day)
    else
      for (let s = 0, at = c * this.nSeg; s < this.nSeg; s++)
        if (this.segIds[s] !== this.cellSegs[at + s]) return s
    this.lines++
    this.net.a[c] += units
    if (units < 0) {
      this.returnCount[c]++
      let kept = this.returnLines.get(c)
      if (!kept) this.returnLines.set(c, (kept = []))
      if (kept.length < RETURN_LINES_KEPT) kept.push(line)
      return -1
    }
    this.sold.a[c] += units
    this.price.add(c, price, units)
    if (listPrice === listPrice) this.listPrice.add(c, listPrice, units)
    if (cost === cost) this.cost.add(c, cost, units)
    for (let f = 0, at = c * this.nFlag; f < this.nFlag; f++)
      if (this.flags[f]) this.flagged.a[at + f] += units
    return -1
  }

  /** The cells as plain data (copies), for merge() in another thread. */
  toPartial(): PartialPanel {
    const n = this.cells
    return {
      cells: n,
      lines: this.lines,
      items: this.items.values,
      segments: this.segmentKeys.map((k) => k.values.map((v) => v[0])),
      cellItem: this.cellItem.slice(0, n),
      cellDay: this.cellDay.slice(0, n),
      cellSegs: this.cellSegs.slice(0, n * this.nSeg),
      net: this.net.a.slice(0, n),
      sold: this.sold.a.slice(0, n),
      flagged: this.flagged.a.slice(0, n * this.nFlag),
      price: this.price.parts(n),
      listPrice: this.listPrice.parts(n),
      cost: this.cost.parts(n),
      returnCount: this.returnCount.slice(0, n),
      returnLines: [...this.returnLines]
    }
  }

  /**
   * Adds the cells of the next byte range of the log (read by another group-by; its line
   * numbers start after `lineOffset` lines): sums add, items keep their order of first
   * appearance. Returns the segment index whose value differs between a cell's two parts
   * (the merge is then incomplete), or -1.
   */
  merge(p: PartialPanel, lineOffset: number): number {
    const items = p.items.map((v) => this.items.idOfValues(v))
    const segs = p.segments.map((vals, s) => vals.map((v) => this.segmentKeys[s].idOfValues([v])))
    const cellOf = new Int32Array(p.cells)
    for (let j = 0; j < p.cells; j++) {
      const item = items[p.cellItem[j]]
      const day = p.cellDay[j]
      for (let s = 0; s < this.nSeg; s++) this.segIds[s] = segs[s][p.cellSegs[j * this.nSeg + s]]
      let c = this.find(item, day)
      if (c < 0) c = this.newCell(item, day)
      else
        for (let s = 0, at = c * this.nSeg; s < this.nSeg; s++)
          if (this.segIds[s] !== this.cellSegs[at + s]) return s
      cellOf[j] = c
      this.net.a[c] += p.net[j]
      this.sold.a[c] += p.sold[j]
      for (let f = 0; f < this.nFlag; f++) this.flagged.a[c * this.nFlag + f] += p.flagged[j * this.nFlag + f]
      this.price.merge(c, p.price, j)
      this.listPrice.merge(c, p.listPrice, j)
      this.cost.merge(c, p.cost, j)
      this.returnCount[c] += p.returnCount[j]
    }
    for (const [j, lines] of p.returnLines) {
      const c = cellOf[j]
      let kept = this.returnLines.get(c)
      if (!kept) this.returnLines.set(c, (kept = []))
      for (const l of lines) if (kept.length < RETURN_LINES_KEPT) kept.push(l + lineOffset)
    }
    this.lines += p.lines
    return -1
  }

  /** Cells whose returns outnumber their sales (or that have returns and no sale line at all). */
  unnetted(): UnnettedCell[] {
    const out: UnnettedCell[] = []
    for (const [c, returnLines] of this.returnLines)
      if (this.net.a[c] < 0 || Number.isNaN(this.price.value(c)))
        out.push({
          item: this.items.values[this.cellItem[c]],
          day: this.cellDay[c],
          net: this.net.a[c],
          returnLines,
          returns: this.returnCount[c]
        })
    return out
  }

  /** The panel's cells, item by item in the order items first appear in the log, each item's periods in order. */
  sortedCells(): PanelCell[] {
    return Array.from(this.sortedIds(), (c) => this.cell(c))
  }

  /** The same cells one at a time, made as they are visited (a million-row panel is never held as objects). */
  *eachSortedCell(): Generator<PanelCell> {
    for (const c of this.sortedIds()) yield this.cell(c)
  }

  /**
   * Cell ids by (item id, day): a counting sort by item (ids are dense), then each item's few
   * periods in day order (insertion sort: they mostly arrive in order); linear in the cells for
   * the usual few periods per item.
   */
  private sortedIds(): Int32Array {
    const n = this.cells
    const start = new Int32Array(this.items.size + 1)
    for (let c = 0; c < n; c++) start[this.cellItem[c] + 1]++
    for (let i = 0; i < this.items.size; i++) start[i + 1] += start[i]
    const next = start.slice(0, this.items.size)
    const ids = new Int32Array(n)
    for (let c = 0; c < n; c++) ids[next[this.cellItem[c]]++] = c
    const day = this.cellDay
    for (let i = 0; i < this.items.size; i++) {
      const from = start[i]
      const to = start[i + 1]
      if (to - from > 64) {
        ids.subarray(from, to).set(Array.from(ids.subarray(from, to)).sort((a, b) => day[a] - day[b]))
        continue
      }
      for (let k = from + 1; k < to; k++) {
        const id = ids[k]
        let j = k - 1
        while (j >= from && day[ids[j]] > day[id]) {
          ids[j + 1] = ids[j]
          j--
        }
        ids[j + 1] = id
      }
    }
    return ids
  }

  private cell(c: number): PanelCell {
    const flagged: number[] = []
    for (let f = 0; f < this.nFlag; f++) flagged.push(this.flagged.a[c * this.nFlag + f])
    return {
      item: this.items.values[this.cellItem[c]],
      segments: this.segmentKeys.map((k, s) => k.values[this.cellSegs[c * this.nSeg + s]][0]),
      day: this.cellDay[c],
      net: this.net.a[c],
      sold: this.sold.a[c],
      price: this.price.value(c),
      listPrice: this.listPrice.value(c),
      flagged,
      cost: this.cost.value(c),
      itemOrder: this.cellItem[c]
    }
  }

  /** The bucket's first day; the last answer is kept (a log is mostly in time order), month starts cached. */
  private bucket(day: number): number {
    if (day === this.lastDay) return this.lastBucket
    const r = this.recipe
    let b: number | undefined
    if (r.bucket !== 'month') b = bucketStart(day, r.bucket, r.week_start)
    else if ((b = this.months.get(day)) === undefined)
      this.months.set(day, (b = bucketStart(day, 'month', r.week_start)))
    this.lastDay = day
    this.lastBucket = b
    return b
  }

  private static hash(item: number, day: number): number {
    let h = Math.imul(item, 0x9e3779b1) ^ Math.imul(day, 0x85ebca77)
    h ^= h >>> 15
    return Math.imul(h, 0x2c1b3c6d)
  }

  private find(item: number, day: number): number {
    for (let slot = PanelGroupBy.hash(item, day) & this.mask; ; slot = (slot + 1) & this.mask) {
      const c = this.table[slot]
      if (c < 0) return -1
      if (this.cellItem[c] === item && this.cellDay[c] === day) return c
    }
  }

  private newCell(item: number, day: number): number {
    const c = this.cells++
    if (c >= this.cellItem.length) this.growCells()
    this.cellItem[c] = item
    this.cellDay[c] = day
    for (let s = 0; s < this.nSeg; s++) this.cellSegs[c * this.nSeg + s] = this.segIds[s]
    let slot = PanelGroupBy.hash(item, day) & this.mask
    while (this.table[slot] >= 0) slot = (slot + 1) & this.mask
    this.table[slot] = c
    if (this.cells * 2 > this.table.length) this.rehash()
    return c
  }

  private growCells(): void {
    const n = this.cellItem.length * 2
    const grow = (a: Int32Array, per = 1) => {
      const g = new Int32Array(n * per)
      g.set(a)
      return g
    }
    this.cellItem = grow(this.cellItem)
    this.cellDay = grow(this.cellDay)
    this.cellSegs = grow(this.cellSegs, Math.max(1, this.nSeg))
    this.returnCount = grow(this.returnCount)
    for (const col of [this.net, this.sold, this.flagged]) col.ensure(n)
    for (const m of [this.price, this.listPrice, this.cost]) m.ensure(n)
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1)
    const mask = table.length - 1
    for (let c = 0; c < this.cells; c++) {
      let slot = PanelGroupBy.hash(this.cellItem[c], this.cellDay[c]) & mask
      while (table[slot] >= 0) slot = (slot + 1) & mask
      table[slot] = c
    }
    this.table = table
    this.mask = mask
  }
}

/** A cell's panel measures. */
export function cellMeasures(c: PanelCell, recipe: TransactionRecipe) {
  return {
    quantity: c.net,
    price: recipe.list_price ? c.listPrice : c.price,
    features: c.flagged.map((u) => (c.sold > 0 ? u / c.sold : 0)),
    cost: recipe.cost ? c.cost : null
  }
}
