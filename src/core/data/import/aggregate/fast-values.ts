import type { PanelGroupBy } from './group-by'
import type { Positions } from './line-parser'
import type { FastLineReader } from './fast-line'
import { plainFlag, trimEnd, trimStart } from './fast-fields'
import { valueAt, type ParquetColumn } from '../parquet-columns'

const MS_PER_DAY = 86_400_000
/** Dates whose ISO text has four year digits (0000-01-01 … 9999-12-31): the general parser reads those. */
const MIN_MS = -62_167_219_200_000
const MAX_MS = 253_402_300_800_000
const EXACT = 2 ** 53

/**
 * Adds a row of typed values (a Parquet row group's decoded columns) to the group-by with no
 * text made per value: numbers, dates and booleans are used as they are, exactly as the general
 * parser would read their text (a finite double round-trips through its shortest text; a UTC
 * date's ISO text gives the same day), strings as ranges of their column's text. Anything else
 * goes to the general parser (false).
 */
export class FastValueReader {
  private readonly texts: string[] = []
  private readonly keyFrom: Int32Array
  private readonly keyTo: Int32Array
  private readonly segFrom = new Int32Array(1)
  private readonly segTo = new Int32Array(1)

  constructor(
    private readonly pos: Positions,
    private readonly lines: FastLineReader,
    private readonly groupBy: PanelGroupBy,
    private readonly isoDates: boolean
  ) {
    this.keyFrom = new Int32Array(Math.max(1, pos.item.length))
    this.keyTo = new Int32Array(Math.max(1, pos.item.length))
  }

  add(cols: ParquetColumn[], i: number, line: number): boolean {
    const p = this.pos
    const units = this.num(cols[p.quantity], i)
    const price = this.num(cols[p.price], i)
    if (units !== units || price !== price || (units > 0 && !(price > 0))) return false
    const listPrice = p.listPrice >= 0 ? this.num(cols[p.listPrice], i) : NaN
    if (p.listPrice >= 0 && listPrice !== listPrice) return false
    let cost = NaN
    if (p.cost >= 0) {
      const c = cols[p.cost]
      const v = c.kind === 'number' ? 0 : valueAt(c, i)
      if (v !== null && v !== undefined && v !== '') {
        cost = this.num(c, i)
        if (cost !== cost) return false
      }
    }
    const day = this.day(cols[p.time], i)
    if (day !== day) return false
    const g = this.groupBy
    for (let f = 0; f < p.features.length; f++) {
      const flag = this.flag(cols[p.features[f]], i)
      if (flag < 0) return false
      g.flags[f] = flag
    }
    for (let k = 0; k < p.item.length; k++) {
      // Slots 0 … items - 1 of texts hold the item key's parts (read by idOfParts), the next a segment's.
      if (!this.text(cols[p.item[k]], i, k, this.keyFrom, this.keyTo)) return false
      if (this.keyFrom[k] === this.keyTo[k]) return false
    }
    for (let k = 0; k < p.segments.length; k++) {
      if (!this.text(cols[p.segments[k]], i, p.item.length, this.segFrom, this.segTo, 0)) return false
      g.segIds[k] = g.segmentKeys[k].idOfRanges(this.texts[p.item.length], this.segFrom, this.segTo, 1)
    }
    const item = g.items.idOfParts(this.texts, this.keyFrom, this.keyTo, p.item.length)
    return g.addLine(item, day, units, price, listPrice, cost, line) < 0
  }

  /** A number as the general parser reads String(v); NaN when it is missing or must be read as text. */
  private num(c: ParquetColumn, i: number): number {
    if (c.kind === 'number') {
      const v = c.values[i]
      // Finite (v - v is NaN for NaN and ±Infinity) and not -0 (the general parser reads "-0" as text).
      return v - v === 0 && (v !== 0 || 1 / v > 0) ? v : NaN
    }
    const v = c.kind === 'bigint' ? c.values[i] : valueAt(c, i)
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : NaN
    if (typeof v === 'bigint') return v < EXACT && v > -EXACT ? Number(v) : NaN
    return NaN
  }

  private day(c: ParquetColumn, i: number): number {
    if (c.kind === 'ms') return this.dayOfMs(c.values[i])
    if (c.kind === 'text') return c.from[i] < 0 ? NaN : this.lines.dayOf(c.text, c.from[i], c.to[i])
    const v = valueAt(c, i)
    if (v instanceof Date) return this.dayOfMs(v.getTime())
    if (typeof v === 'string') return this.lines.dayOf(v, 0, v.length)
    return NaN
  }

  private dayOfMs(ms: number): number {
    return this.isoDates && ms >= MIN_MS && ms < MAX_MS ? Math.floor(ms / MS_PER_DAY) : NaN
  }

  /** 1 / 0 as the general parser reads String(v), or -1 (read as text). */
  private flag(c: ParquetColumn, i: number): number {
    if (c.kind === 'number') {
      const v = c.values[i]
      return v - v === 0 ? (v > 0 ? 1 : 0) : -1
    }
    if (c.kind === 'bigint') return c.values[i] > 0n ? 1 : 0
    if (c.kind === 'text') {
      if (c.from[i] < 0) return 0
      const a = trimStart(c.text, c.from[i], c.to[i])
      return plainFlag(c.text, a, trimEnd(c.text, a, c.to[i]))
    }
    const v = valueAt(c, i)
    if (typeof v === 'boolean') return v ? 1 : 0
    if (typeof v === 'number') return Number.isFinite(v) ? (v > 0 ? 1 : 0) : -1
    if (typeof v === 'bigint') return v > 0n ? 1 : 0
    if (v === null || v === undefined) return 0
    if (typeof v === 'string') {
      const a = trimStart(v, 0, v.length)
      return plainFlag(v, a, trimEnd(v, a, v.length))
    }
    return -1
  }

  /** A key value as trimmed text (slot k of texts, its range in from/to at `at`); false when it is not text. */
  private text(c: ParquetColumn, i: number, k: number, from: Int32Array, to: Int32Array, at = k): boolean {
    if (c.kind === 'text') {
      // The whole column's text, the row's range in it: nothing sliced per row.
      const s = c.text
      this.texts[k] = s
      const a = c.from[i] < 0 ? 0 : trimStart(s, c.from[i], c.to[i])
      from[at] = a
      to[at] = c.from[i] < 0 ? 0 : trimEnd(s, a, c.to[i])
      return true
    }
    const v = valueAt(c, i)
    let s: string
    if (typeof v === 'string') s = v
    else if (v === null || v === undefined) s = ''
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') s = String(v)
    else return false
    this.texts[k] = s
    from[at] = trimStart(s, 0, s.length)
    to[at] = trimEnd(s, from[at], s.length)
    return true
  }
}
