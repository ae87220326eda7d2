/**
 * The noise a switchback by cluster (store) is judged against: the analysis compares each store's
 * weeks in one arm with its weeks in the other (store and week levels removed), with errors
 * clustered by store. So the power rests on how a store's mean revenue per unit moves from week to
 * week, beyond the weeks' common level, including the shocks its units share (a store-week), which
 * the within-unit noise of single units leaves out.
 */
export function clusterPeriodNoise(
  clusters: (string | null)[],
  series: number[][]
): { clusters: number; within: number } | null {
  const periods = Math.min(...series.map((s) => s.length))
  if (!(periods >= 2)) return null
  const groups = new Map<string, number[]>()
  clusters.forEach((c, i) => {
    const key = c ?? `unit ${i}`
    const sum = groups.get(key) ?? new Array<number>(periods + 1).fill(0)
    // The last `periods` periods of each unit, aligned at the end (the most recent period last).
    const s = series[i].slice(-periods)
    for (let t = 0; t < periods; t++) sum[t] += s[t]
    sum[periods]++
    groups.set(key, sum)
  })
  const g = groups.size
  if (g < 2) return null
  // Per cluster and period: the mean per unit, the cell the analysis compares.
  const y = [...groups.values()].map((s) => s.slice(0, periods).map((v) => v / s[periods]))
  const rowMean = y.map((r) => r.reduce((a, b) => a + b, 0) / periods)
  const colMean = Array.from({ length: periods }, (_, t) => y.reduce((a, r) => a + r[t], 0) / g)
  const grand = rowMean.reduce((a, b) => a + b, 0) / g
  let ss = 0
  for (let c = 0; c < g; c++)
    for (let t = 0; t < periods; t++) ss += (y[c][t] - rowMean[c] - colMean[t] + grand) ** 2
  return { clusters: g, within: ss / ((g - 1) * (periods - 1)) }
}
