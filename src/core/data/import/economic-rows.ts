/**
 * Economically impossible rows of a sales dataset, found while it is imported: a
 * price of zero or below, and a unit cost above the price (a loss leader or a data
 * error). They are imported as they are, but counted with their first lines and
 * reported, so that they never enter a fit or a margin without a word.
 */
import type { ImpossibleKind, ImpossibleRows } from '../../../shared/data/results'

/** Lines kept per kind: enough to find them in the file. */
const MAX_LINES = 20

export class EconomicCheck {
  private readonly found: ImpossibleRows = {
    nonpositive_price: { count: 0, lines: [] },
    cost_above_price: { count: 0, lines: [] }
  }
  private price: number | null = null
  private cost: number | null = null

  /** Column positions (in the insert's order) of the price and the cost roles; null: absent. */
  constructor(
    private readonly priceAt: number | null,
    private readonly costAt: number | null
  ) {}

  get active(): boolean {
    return this.priceAt !== null
  }

  /** One converted value of the current row. */
  see(k: number, v: unknown): void {
    if (k === this.priceAt) this.price = typeof v === 'number' ? v : null
    else if (k === this.costAt) this.cost = typeof v === 'number' ? v : null
  }

  /** The row is complete: check it and start the next. */
  endRow(line: number): void {
    const p = this.price
    const c = this.cost
    if (p !== null && p <= 0) add(this.found.nonpositive_price, line)
    else if (p !== null && c !== null && c > p) add(this.found.cost_above_price, line)
    this.price = null
    this.cost = null
  }

  /** The counts, or null when no row is impossible. */
  result(): ImpossibleRows | null {
    const f = this.found
    return f.nonpositive_price.count || f.cost_above_price.count ? f : null
  }
}

function add(k: ImpossibleKind, line: number): void {
  k.count++
  if (k.lines.length < MAX_LINES) k.lines.push(line)
}
