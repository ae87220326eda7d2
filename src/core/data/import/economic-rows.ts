/**
 * Economically impossible rows of a sales dataset, found while it is imported: a
 * price of zero or below, and a unit cost above the price (a loss leader or a data
 * error). They are imported as they are, but counted with their first lines and
 * reported, so that they never enter a fit or a margin without a word.
 */

/** Lines kept per kind: enough to find them in the file. */
const MAX_LINES = 20

export interface ImpossibleKind {
  count: number
  /** The first lines (1-based, as in the file) where it occurs. */
  lines: number[]
}

export interface ImpossibleRows {
  nonpositive_price: ImpossibleKind
  cost_above_price: ImpossibleKind
}

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

/** One sentence per kind, for the CLI and the Data page. */
export function describeImpossible(x: ImpossibleRows): string[] {
  const say = (k: ImpossibleKind, what: string) =>
    k.count
      ? [
          `${k.count.toLocaleString('en-US')} row(s) ${what} (line${k.lines.length > 1 ? 's' : ''} ${k.lines.join(', ')}${k.count > k.lines.length ? ', …' : ''})`
        ]
      : []
  return [
    ...say(x.nonpositive_price, 'with a price of zero or below: left out of every fit'),
    ...say(
      x.cost_above_price,
      'with a unit cost above the price (a loss leader or a data error): check the costs'
    )
  ]
}
