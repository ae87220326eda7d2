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

/** The order LevelCoder (panel.ts) sorts level names in: the same comparison, made once instead of per pair. */
const LEVEL_ORDER = new Intl.Collator('en', { numeric: true })

/** Level codes in order of first appearance; finish() orders the names as LevelCoder does and maps the codes. */
export class StreamLevels {
  private readonly names: string[] = []
  private readonly index = new Map<string, number>()
  /** Codes of numeric values (an integer item id): no string is made for a value seen before. */
  private readonly byNumber = new Map<number, number>()

  code(v: string): number {
    let k = this.index.get(v)
    if (k === undefined) {
      k = this.names.length
      this.names.push(v)
      this.index.set(v, k)
    }
    return k
  }

  /** The code of a value as SQLite returns it: the level of its text, as String(v) would name it. */
  codeOf(v: unknown): number {
    if (typeof v !== 'number') return this.code(String(v))
    let k = this.byNumber.get(v)
    if (k === undefined) {
      k = this.code(String(v))
      this.byNumber.set(v, k)
    }
    return k
  }

  /** The names coded from code `k` on, in code order (what another thread has not been told yet). */
  namesFrom(k: number): string[] {
    return this.names.slice(k)
  }

  /** The names in the panel's order, and each first-appearance code's place in it. */
  finish(): { names: string[]; remap: Int32Array } {
    const sorted = [...this.names].sort(LEVEL_ORDER.compare)
    const at = new Map(sorted.map((nm, k) => [nm, k]))
    return { names: sorted, remap: Int32Array.from(this.names, (nm) => at.get(nm) as number) }
  }
}

/**
 * Price sums per segment and week (the reference price), in flat arrays: a Map entry per segment × week was
 * looked up and an object read for every row.
 */
export class RefSums {
  private readonly sums: number[][] = []
  private readonly counts: number[][] = []

  add(segment: number, week: number, price: number): void {
    while (this.sums.length <= segment) {
      this.sums.push([])
      this.counts.push([])
    }
    const s = this.sums[segment]
    const n = this.counts[segment]
    while (s.length <= week) {
      s.push(0)
      n.push(0)
    }
    s[week] += price
    n[week]++
  }

  mean(segment: number, week: number): number {
    return this.sums[segment][week] / this.counts[segment][week]
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
