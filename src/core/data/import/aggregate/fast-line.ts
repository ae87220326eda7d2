import type { TransactionRecipe } from '../../../../shared/transactions'
import type { DecimalSeparator } from '../../../../shared/data'
import { isValidIsoDate } from '../../csv/dates'
import { isoToDay } from '../../../util/dates'
import type { PanelGroupBy } from './group-by'
import type { LineParser, Positions } from './line-parser'
import { isoDateKey, isTimeOfDay, plainFlag, plainNumber, trimEnd, trimStart } from './fast-fields'

/**
 * Adds a sales line read in place (its fields as character ranges) to the group-by, allocating
 * nothing: item and segment values are interned from the ranges, numbers and dates read from
 * the characters. A line with anything unusual (a bad or unusually written value, a segment
 * that changes) is left alone (false): the caller hands it to the general parser, which gives
 * the same result or names the problem.
 */
export class FastLineReader {
  private readonly keyFrom: Int32Array
  private readonly keyTo: Int32Array
  private readonly segFrom = new Int32Array(1)
  private readonly segTo = new Int32Array(1)
  private readonly dates = new Map<number, number>()
  private lastKey = -1
  private lastDay = NaN
  private readonly decimalComma: boolean
  readonly isoDates: boolean

  constructor(
    recipe: TransactionRecipe,
    private readonly pos: Positions,
    private readonly parser: LineParser,
    private readonly groupBy: PanelGroupBy,
    decimal: DecimalSeparator = '.'
  ) {
    this.keyFrom = new Int32Array(Math.max(1, pos.item.length))
    this.keyTo = new Int32Array(Math.max(1, pos.item.length))
    this.decimalComma = decimal === ','
    this.isoDates = (recipe.date_format ?? 'YYYY-MM-DD') === 'YYYY-MM-DD'
  }

  /** True when the line was added; false when it needs the general parser (nothing was added). */
  add(s: string, from: Int32Array, to: Int32Array, line: number): boolean {
    const p = this.pos
    const units = this.num(s, from[p.quantity], to[p.quantity])
    const price = this.num(s, from[p.price], to[p.price])
    if (units !== units || price !== price || (units > 0 && !(price > 0))) return false
    const listPrice = p.listPrice >= 0 ? this.num(s, from[p.listPrice], to[p.listPrice]) : NaN
    if (p.listPrice >= 0 && listPrice !== listPrice) return false
    let cost = NaN
    if (p.cost >= 0) {
      const a = trimStart(s, from[p.cost], to[p.cost])
      if (a < trimEnd(s, a, to[p.cost])) {
        cost = this.num(s, a, to[p.cost])
        if (cost !== cost) return false
      }
    }
    const day = this.dayOf(s, from[p.time], to[p.time])
    if (day !== day) return false
    const g = this.groupBy
    for (let f = 0; f < p.features.length; f++) {
      const k = p.features[f]
      const a = trimStart(s, from[k], to[k])
      const flag = plainFlag(s, a, trimEnd(s, a, to[k]))
      if (flag < 0) return false
      g.flags[f] = flag
    }
    for (let k = 0; k < p.item.length; k++) {
      const a = trimStart(s, from[p.item[k]], to[p.item[k]])
      const b = trimEnd(s, a, to[p.item[k]])
      if (a === b) return false
      this.keyFrom[k] = a
      this.keyTo[k] = b
    }
    for (let k = 0; k < p.segments.length; k++) {
      const a = trimStart(s, from[p.segments[k]], to[p.segments[k]])
      this.segFrom[0] = a
      this.segTo[0] = trimEnd(s, a, to[p.segments[k]])
      g.segIds[k] = g.segmentKeys[k].idOfRanges(s, this.segFrom, this.segTo, 1)
    }
    const item = g.items.idOfRanges(s, this.keyFrom, this.keyTo, p.item.length)
    return g.addLine(item, day, units, price, listPrice, cost, line) < 0
  }

  /** A plain number in s[from, to) (trimmed), or NaN: empty, or to be read by the general parser. */
  private num(s: string, from: number, to: number): number {
    const a = trimStart(s, from, to)
    const b = trimEnd(s, a, to)
    return a === b ? NaN : plainNumber(s, a, b, this.decimalComma)
  }

  /** The line's day, or NaN when its date is not plainly YYYY-MM-DD[ time] (the general parser decides). */
  dayOf(s: string, from: number, to: number): number {
    const a = trimStart(s, from, to)
    const b = trimEnd(s, a, to)
    if (!this.isoDates) {
      const d = this.parser.day(s.slice(a, b))
      return d === null ? NaN : d
    }
    const key = isoDateKey(s, a, b)
    if (key < 0 || (b - a > 10 && !isTimeOfDay(s, a + 10, b))) return NaN
    // A log is mostly in time order: the last date read is the likeliest.
    if (key === this.lastKey) return this.lastDay
    let d = this.dates.get(key)
    if (d === undefined) {
      const iso = s.slice(a, a + 10)
      d = isValidIsoDate(iso) ? isoToDay(iso) : NaN
      this.dates.set(key, d)
    }
    this.lastKey = key
    this.lastDay = d
    return d
  }
}
