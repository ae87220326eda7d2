/** One row of an item's latest period, as the streamed digest keeps it (codes in order of first appearance). */
export interface KeptRow {
  /** The row's place in the table (the whole panel's row number). */
  r: number
  price: number
  quantity: number
  item: number
  segment: number
  /** Weeks since the period column's first day (0 without a period). */
  week: number
  /** Week of year, as the panel's cyclic control. */
  woy: number
  /** Each control's value: a number, or its level's code. */
  values: number[]
  /** The digest's period of the row: its week, or its row number. */
  per: number
}

/** Level codes in order of first appearance; finish() orders the names as LevelCoder does and maps the codes. */
export class StreamLevels {
  private readonly names: string[] = []
  private readonly index = new Map<string, number>()

  code(v: string): number {
    let k = this.index.get(v)
    if (k === undefined) {
      k = this.names.length
      this.names.push(v)
      this.index.set(v, k)
    }
    return k
  }

  /** The names in the panel's order, and each first-appearance code's place in it. */
  finish(): { names: string[]; remap: Int32Array } {
    const sorted = [...this.names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    const at = new Map(sorted.map((nm, k) => [nm, k]))
    return { names: sorted, remap: Int32Array.from(this.names, (nm) => at.get(nm) as number) }
  }
}

const WEEKS = 52

/** seasonIndex (catalog-rules.ts) from sums per item and week of year: the same index, its sums in another order. */
export class SeasonSums {
  private itemSum: number[] = []
  private itemN: number[] = []
  private weekSum: number[] = []
  private weekN: number[] = []
  private lastWeek: number[] = []

  add(item: number, woy: number, quantity: number, _row: number): void {
    while (this.itemSum.length <= item) {
      this.itemSum.push(0)
      this.itemN.push(0)
      this.lastWeek.push(0)
      for (let w = 0; w < WEEKS; w++) {
        this.weekSum.push(0)
        this.weekN.push(0)
      }
    }
    const w = ((Math.round(woy) % WEEKS) + WEEKS) % WEEKS
    this.itemSum[item] += quantity
    this.itemN[item]++
    this.weekSum[item * WEEKS + w] += quantity
    this.weekN[item * WEEKS + w]++
    this.lastWeek[item] = w
  }

  index(): { season: number[]; nextWeek: number } {
    const s = new Float64Array(WEEKS)
    const n = new Float64Array(WEEKS)
    const counts = new Float64Array(WEEKS)
    for (let it = 0; it < this.itemSum.length; it++) {
      counts[this.lastWeek[it]]++
      const m = this.itemSum[it] / this.itemN[it]
      if (!(m > 0)) continue
      for (let w = 0; w < WEEKS; w++) {
        s[w] += this.weekSum[it * WEEKS + w] / m
        n[w] += this.weekN[it * WEEKS + w]
      }
    }
    const season = Array.from(s, (x, w) => (n[w] ? x / n[w] : 1))
    // The week most items were last seen in is "now"; the next one is being priced.
    const lastWeek = counts.indexOf(Math.max(...counts))
    return { season, nextWeek: (lastWeek + 1) % WEEKS }
  }
}
