import type { RetailWorld } from '../../../../src/core/data/sample/retail/simulate'

/**
 * Closed-form log-log OLS per brand on the simulated panel, the references the
 * retail tests check the stated truths against:
 * - `within`: item (store × brand) and week fixed effects (exact two-way demeaning:
 *   the panel is balanced) with feature and display as controls;
 * - `pooled`: the same controls and week effects, but no item effects (a regression
 *   across stores that ignores the store, as the real-data fact describes).
 * Returns the price coefficient and its (homoskedastic) standard error per brand.
 */
export function brandRegressions(
  world: RetailWorld,
  brand: number
): { within: number; withinSe: number; pooled: number } {
  const { weeks } = world
  const items = world.items.map((it, i) => i).filter((i) => world.items[i].brand === brand)
  const nI = items.length
  const n = nI * weeks
  const y = new Float64Array(n)
  const X = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  for (let a = 0; a < nI; a++)
    for (let w = 0; w < weeks; w++) {
      const k = items[a] * weeks + w
      const r = a * weeks + w
      y[r] = Math.log(Math.max(0.5, world.quantity[k]))
      X[0][r] = Math.log(world.priceCents[k] / 100)
      X[1][r] = world.feature[k]
      X[2][r] = world.display[k]
    }
  const demean = (v: Float64Array, byItem: boolean): Float64Array => {
    const itemMean = new Float64Array(nI)
    const weekMean = new Float64Array(weeks)
    let all = 0
    for (let a = 0; a < nI; a++)
      for (let w = 0; w < weeks; w++) {
        const x = v[a * weeks + w]
        itemMean[a] += x / weeks
        weekMean[w] += x / nI
        all += x / n
      }
    return Float64Array.from(v, (x, r) => {
      const a = Math.floor(r / weeks)
      const w = r % weeks
      return byItem ? x - itemMean[a] - weekMean[w] + all : x - weekMean[w]
    })
  }
  const fit = (byItem: boolean) => {
    const yy = demean(y, byItem)
    const xs = X.map((x) => demean(x, byItem))
    const xtx = xs.map((a) => xs.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)))
    const xty = xs.map((a) => a.reduce((s, v, i) => s + v * yy[i], 0))
    const inv = invert3(xtx)
    const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0))
    let rss = 0
    for (let i = 0; i < n; i++) {
      const e = yy[i] - beta[0] * xs[0][i] - beta[1] * xs[1][i] - beta[2] * xs[2][i]
      rss += e * e
    }
    const dof = n - 3 - (byItem ? nI + weeks - 1 : weeks)
    return { beta: beta[0], se: Math.sqrt((rss / dof) * inv[0][0]) }
  }
  const within = fit(true)
  return { within: within.beta, withinSe: within.se, pooled: fit(false).beta }
}

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const det = a * A + b * B + c * C
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det]
  ]
}

/**
 * Per-item log-log OLS (intercept, log price, feature, display) on values with the
 * brand-week means removed (the season and the cross effects' common part), with
 * homoskedastic standard errors: each item's own estimate of its elasticity.
 */
export function itemRegressions(world: RetailWorld): { est: Float64Array; se: Float64Array } {
  const { weeks, items } = world
  const nBrands = Math.max(...items.map((it) => it.brand)) + 1
  const vars = (k: number) => [
    Math.log(Math.max(0.5, world.quantity[k])),
    Math.log(world.priceCents[k] / 100),
    world.feature[k],
    world.display[k]
  ]
  const mean = Array.from({ length: nBrands * weeks }, () => [0, 0, 0, 0])
  const count = new Float64Array(nBrands)
  items.forEach((it) => count[it.brand]++)
  items.forEach((it, i) => {
    for (let w = 0; w < weeks; w++)
      vars(i * weeks + w).forEach((v, j) => (mean[it.brand * weeks + w][j] += v / count[it.brand]))
  })
  const est = new Float64Array(items.length)
  const se = new Float64Array(items.length)
  items.forEach((it, i) => {
    const rows = Array.from({ length: weeks }, (_, w) => {
      const m = mean[it.brand * weeks + w]
      return vars(i * weeks + w).map((v, j) => v - m[j])
    })
    const X = rows.map((r) => [1, r[1], r[2], r[3]])
    const y = rows.map((r) => r[0])
    const xtx = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((b) => X.reduce((s, x) => s + x[a] * x[b], 0)))
    const xty = [0, 1, 2, 3].map((a) => X.reduce((s, x, r) => s + x[a] * y[r], 0))
    const inv = invert(xtx)
    const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0))
    const rss = X.reduce((s, x, r) => s + (y[r] - x.reduce((t, v, j) => t + v * beta[j], 0)) ** 2, 0)
    est[i] = beta[1]
    se[i] = Math.sqrt((rss / (weeks - 4)) * inv[1][1])
  })
  return { est, se }
}

/** Gauss-Jordan inverse of a small symmetric positive-definite matrix; a column without variation gets 0. */
function invert(m: number[][]): number[][] {
  const n = m.length
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r
    ;[a[c], a[p]] = [a[p], a[c]]
    const d = a[c][c]
    if (Math.abs(d) < 1e-12) continue
    for (let j = 0; j < 2 * n; j++) a[c][j] /= d
    for (let r = 0; r < n; r++)
      if (r !== c) {
        const f = a[r][c]
        for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j]
      }
  }
  return a.map((row) => row.slice(n))
}
