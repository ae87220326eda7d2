/**
 * Every observed price with its number of rows: what the price grid and the currency are read
 * from, in memory that grows with the distinct prices, not the rows (a shelf price running for a
 * hundred weeks is one entry counted a hundred times).
 */
export interface PriceCounts {
  /** The distinct prices, ascending. */
  values: Float64Array
  /** Rows at each price. */
  counts: Float64Array
  /** Rows in all. */
  n: number
}

/** Observed prices, as every row's price or as counts. */
export type ObservedPrices = ArrayLike<number> | PriceCounts

export function isCounts(p: ObservedPrices): p is PriceCounts {
  return 'counts' in p
}

export function countPrices(prices: ArrayLike<number>): PriceCounts {
  const byPrice = new Map<number, number>()
  for (let i = 0; i < prices.length; i++) byPrice.set(prices[i], (byPrice.get(prices[i]) ?? 0) + 1)
  const values = Float64Array.from(byPrice.keys()).sort()
  const counts = Float64Array.from(values, (v) => byPrice.get(v) as number)
  return { values, counts, n: prices.length }
}

/** Rows observed in all. */
export function observedCount(p: ObservedPrices): number {
  return isCounts(p) ? p.n : p.length
}

/** The distinct prices (or every price): what a rule that only asks "is any price like this" reads. */
export function observedValues(p: ObservedPrices): ArrayLike<number> {
  return isCounts(p) ? p.values : p
}

/** Rows whose price passes `test`. */
export function countWhere(p: ObservedPrices, test: (price: number) => boolean): number {
  let on = 0
  if (isCounts(p)) {
    for (let j = 0; j < p.values.length; j++) if (test(p.values[j])) on += p.counts[j]
  } else for (let i = 0; i < p.length; i++) if (test(p[i])) on++
  return on
}

/** The price at the middle row (index n >> 1 of the prices sorted ascending); 0 when there is none. */
export function medianPrice(p: ObservedPrices): number {
  if (!isCounts(p)) {
    const s = Float64Array.from(p).sort()
    return s.length ? s[s.length >> 1] : 0
  }
  const target = p.n >> 1
  let seen = 0
  for (let j = 0; j < p.values.length; j++) {
    seen += p.counts[j]
    if (seen > target) return p.values[j]
  }
  return 0
}
