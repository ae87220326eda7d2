/** The string-keyed group-by as it was before the in-place reader (kept to prove the results did not change). */
import type { TransactionRecipe } from '../../../../../src/shared/transactions'
import { bucketStart } from '../../../../../src/core/data/import/aggregate/buckets'

/** One sales line, parsed: what the group-by needs of it. */
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

/** A weighted mean that stays exact when every line carries the same value (the usual case). */
export class WeightedMean {
  private sum = 0
  private weight = 0
  private first = NaN
  private same = true
  private seen = 0
  private plain = 0

  add(value: number, units: number): void {
    if (this.seen === 0) this.first = value
    else if (value !== this.first) this.same = false
    this.seen++
    this.plain += value
    this.sum += value * units
    this.weight += units
  }

  /** One value on every line: that value, exactly; else the units-weighted mean (a plain mean if no units). */
  value(): number {
    if (this.seen === 0) return NaN
    if (this.same) return this.first
    return this.weight > 0 ? this.sum / this.weight : this.plain / this.seen
  }
}

/** An item × period cell of the panel being built. */
export interface PanelCell {
  item: string[]
  segments: string[]
  day: number
  /** Net units: sales minus returns. */
  net: number
  /** Units of the sale lines (units ≥ 0): the weights of price, list price, flags and cost. */
  sold: number
  price: WeightedMean
  listPrice: WeightedMean
  flagged: Float64Array
  cost: WeightedMean
  /** The first return lines (units < 0) of the cell: named when they cannot be netted. */
  returnLines: number[]
  returns: number
  /** Order of the item's first line in the log (rows are written item by item, in that order). */
  itemOrder: number
}

const RETURN_LINES_KEPT = 5
const SEP = '\u001f'

/** A cell whose returns exceed its sales: those returns cannot be netted within the item and period. */
export interface UnnettedCell {
  item: string[]
  day: number
  net: number
  returnLines: number[]
  returns: number
}

/**
 * The streaming group-by of a transaction log: memory grows with the number of item × period
 * cells (the panel), never with the number of lines. Lines can arrive in any order.
 */
export class PanelGroupBy {
  private readonly cells = new Map<string, PanelCell>()
  private readonly items = new Map<string, number>()
  lines = 0

  constructor(readonly recipe: TransactionRecipe) {}

  get size(): number {
    return this.cells.size
  }

  /** Adds a line; returns the segment column index whose value differs from the cell's, or -1. */
  add(l: SalesLine): number {
    const itemKey = l.item.join(SEP)
    let order = this.items.get(itemKey)
    if (order === undefined) {
      order = this.items.size
      this.items.set(itemKey, order)
    }
    const day = bucketStart(l.day, this.recipe.bucket, this.recipe.week_start)
    const key = itemKey + '\u001e' + day
    let c = this.cells.get(key)
    if (!c) {
      c = {
        item: l.item,
        segments: l.segments,
        day,
        net: 0,
        sold: 0,
        price: new WeightedMean(),
        listPrice: new WeightedMean(),
        flagged: new Float64Array(l.flags.length),
        cost: new WeightedMean(),
        returnLines: [],
        returns: 0,
        itemOrder: order
      }
      this.cells.set(key, c)
    } else for (let s = 0; s < l.segments.length; s++) if (l.segments[s] !== c.segments[s]) return s
    this.lines++
    c.net += l.units
    if (l.units < 0) {
      c.returns++
      if (c.returnLines.length < RETURN_LINES_KEPT) c.returnLines.push(l.line)
      return -1
    }
    c.sold += l.units
    c.price.add(l.price, l.units)
    if (l.listPrice !== null) c.listPrice.add(l.listPrice, l.units)
    if (l.cost !== null) c.cost.add(l.cost, l.units)
    for (let f = 0; f < l.flags.length; f++) if (l.flags[f]) c.flagged[f] += l.units
    return -1
  }

  /** Cells whose returns outnumber their sales (or that have returns and no sale line at all). */
  unnetted(): UnnettedCell[] {
    const out: UnnettedCell[] = []
    for (const c of this.cells.values())
      if (c.returns > 0 && (c.net < 0 || Number.isNaN(c.price.value())))
        out.push({ item: c.item, day: c.day, net: c.net, returnLines: c.returnLines, returns: c.returns })
    return out
  }

  /** The panel's cells, item by item in the order items first appear in the log, each item's periods in order. */
  sortedCells(): PanelCell[] {
    return [...this.cells.values()].sort((a, b) => a.itemOrder - b.itemOrder || a.day - b.day)
  }
}

/** A cell's panel measures. */
export function cellMeasures(c: PanelCell, recipe: TransactionRecipe) {
  return {
    quantity: c.net,
    price: recipe.list_price ? c.listPrice.value() : c.price.value(),
    features: Array.from(c.flagged, (u) => (c.sold > 0 ? u / c.sold : 0)),
    cost: recipe.cost ? c.cost.value() : null
  }
}
