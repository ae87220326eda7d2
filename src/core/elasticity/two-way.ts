/**
 * Two-way fixed effects (item and period) by alternating projections: each column
 * becomes its deviation from its item's and its period's means. Exact after one pass
 * for a balanced panel; an unbalanced one converges in a few passes.
 */
export function demeanTwoWay(
  item: Int32Array,
  period: Int32Array | null,
  columns: Float64Array[],
  maxPasses = 50
): Float64Array[] {
  const groups = [item, ...(period ? [period] : [])].map((codes) => {
    let G = 0
    for (let k = 0; k < codes.length; k++) if (codes[k] >= G) G = codes[k] + 1
    const count = new Float64Array(G)
    for (let k = 0; k < codes.length; k++) count[codes[k]]++
    return { codes, count }
  })
  return columns.map((col) => {
    const r = Float64Array.from(col)
    const passes = groups.length > 1 ? maxPasses : 1
    for (let pass = 0; pass < passes; pass++) {
      let change = 0
      for (let gi = 0; gi < groups.length; gi++) {
        const { codes, count } = groups[gi]
        const mean = new Float64Array(count.length)
        for (let k = 0; k < r.length; k++) mean[codes[k]] += r[k]
        for (let g = 0; g < mean.length; g++) {
          mean[g] = count[g] ? mean[g] / count[g] : 0
          if (gi > 0) change = Math.max(change, Math.abs(mean[g]))
        }
        for (let k = 0; k < r.length; k++) r[k] -= mean[codes[k]]
      }
      if (change < 1e-10) break
    }
    return r
  })
}
