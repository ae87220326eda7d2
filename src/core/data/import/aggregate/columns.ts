/** A Float64Array indexed by cell id (times a stride) that grows by doubling; new entries are 0. */
export class GrowableF64 {
  a: Float64Array

  constructor(private readonly stride = 1) {
    this.a = new Float64Array(1024 * stride)
  }

  /** Room for `cells` cells. */
  ensure(cells: number): void {
    if (cells * this.stride <= this.a.length) return
    let n = this.a.length
    while (n < cells * this.stride) n *= 2
    const g = new Float64Array(n)
    g.set(this.a)
    this.a = g
  }
}

/**
 * Weighted means per cell, exact when every line of a cell carries the same value (the usual
 * case): that value itself, else the units-weighted mean (a plain mean if the cell has no units).
 * The sums are taken in line order, so the result is the same however the lines are parsed.
 */
export class MeanColumns {
  private readonly sum = new GrowableF64()
  private readonly weight = new GrowableF64()
  private readonly first = new GrowableF64()
  private readonly plain = new GrowableF64()
  private readonly seen = new GrowableF64()
  private differs = new Uint8Array(1024)

  ensure(cells: number): void {
    for (const c of [this.sum, this.weight, this.first, this.plain, this.seen]) c.ensure(cells)
    if (cells > this.differs.length) {
      const g = new Uint8Array(this.seen.a.length)
      g.set(this.differs)
      this.differs = g
    }
  }

  add(c: number, value: number, units: number): void {
    if (this.seen.a[c] === 0) this.first.a[c] = value
    else if (value !== this.first.a[c]) this.differs[c] = 1
    this.seen.a[c]++
    this.plain.a[c] += value
    this.sum.a[c] += value * units
    this.weight.a[c] += units
  }

  parts(cells: number): MeanParts {
    const f = (g: GrowableF64) => g.a.slice(0, cells)
    return {
      sum: f(this.sum),
      weight: f(this.weight),
      first: f(this.first),
      plain: f(this.plain),
      seen: f(this.seen),
      differs: this.differs.slice(0, cells)
    }
  }

  /**
   * Adds cell j of a later part of the log to cell c: sums add (in the order of the parts), the
   * first value is the earlier part's, and the cell's values differ if either part's did or
   * their first values do.
   */
  merge(c: number, p: MeanParts, j: number): void {
    const seen = p.seen[j]
    if (seen === 0) return
    if (this.seen.a[c] === 0) this.first.a[c] = p.first[j]
    else if (p.first[j] !== this.first.a[c]) this.differs[c] = 1
    if (p.differs[j]) this.differs[c] = 1
    this.seen.a[c] += seen
    this.plain.a[c] += p.plain[j]
    this.sum.a[c] += p.sum[j]
    this.weight.a[c] += p.weight[j]
  }

  value(c: number): number {
    const seen = this.seen.a[c]
    if (seen === 0) return NaN
    if (!this.differs[c]) return this.first.a[c]
    const w = this.weight.a[c]
    return w > 0 ? this.sum.a[c] / w : this.plain.a[c] / seen
  }
}

/** A MeanColumns' state for cells 0 … n - 1 (one worker's partial panel). */
export interface MeanParts {
  sum: Float64Array
  weight: Float64Array
  first: Float64Array
  plain: Float64Array
  seen: Float64Array
  differs: Uint8Array
}
