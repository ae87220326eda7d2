// Interval tests bound both sides (issue 28): coverage from below says intervals are not too narrow; this says they
// are not too wide. An interval's implied standard error is its half-width / 1.645; the RMS of (estimate − truth)
// / se is 1 for honest intervals and falls as they widen (5× wider intervals give ~0.2), whatever the coverage.
const Z90 = 1.6448536269514722

export interface Interval {
  estimate: number
  low: number
  high: number
  truth: number
}

/** RMS of the errors in units of the standard error the 90% interval implies. */
export function zRms(xs: readonly Interval[]): number {
  const z = xs.map((x) => (x.estimate - x.truth) / ((x.high - x.low) / (2 * Z90)))
  return Math.sqrt(z.reduce((a, v) => a + v * v, 0) / z.length)
}

/** The share of intervals holding the truth. */
export function coverage(xs: readonly Interval[]): number {
  return xs.filter((x) => x.low <= x.truth && x.truth <= x.high).length / xs.length
}
