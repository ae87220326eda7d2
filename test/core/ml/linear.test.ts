import { describe, expect, it } from 'vitest'
import { clusterRobustCovariance, fitOls, predictLinear } from '../../../src/core/ml/linear'
import { Rng } from '../../../src/core/util/rng'

/** Gauss–Jordan on the normal equations, written out independently of the library. */
function normalEquations(X: number[][], y: number[]): number[] {
  const p = X[0].length
  const A = Array.from({ length: p }, (_, a) => [
    ...Array.from({ length: p }, (_, b) => X.reduce((s, r) => s + r[a] * r[b], 0)),
    X.reduce((s, r, i) => s + r[a] * y[i], 0)
  ])
  for (let c = 0; c < p; c++) {
    let piv = c
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r
    ;[A[c], A[piv]] = [A[piv], A[c]]
    for (let r = 0; r < p; r++) {
      if (r === c) continue
      const f = A[r][c] / A[c][c]
      for (let k = c; k <= p; k++) A[r][k] -= f * A[c][k]
    }
  }
  return A.map((row, c) => row[p] / row[c])
}

describe('OLS', () => {
  const rng = new Rng(5)
  const n = 500
  const rows = Array.from({ length: n }, () => [1, rng.normal(), rng.normal() * 3, rng.uniform(0, 1)])
  const y = rows.map((r) => 2 - 1.5 * r[1] + 0.3 * r[2] + 4 * r[3] + 0.5 * rng.normal())
  const X = Float64Array.from(rows.flat())

  it('matches the closed-form normal-equation solution', () => {
    const fit = fitOls(X, Float64Array.from(y), n, 4)
    const ref = normalEquations(rows, y)
    ref.forEach((b, k) => expect(fit.beta[k]).toBeCloseTo(b, 9))
  })

  it('simple regression slope equals cov(x, y) / var(x)', () => {
    const xs = rows.map((r) => r[1])
    const mx = xs.reduce((a, b) => a + b) / n
    const my = y.reduce((a, b) => a + b) / n
    const slope =
      xs.reduce((s, x, i) => s + (x - mx) * (y[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0)
    const fit = fitOls(Float64Array.from(rows.flatMap((r) => [1, r[1]])), Float64Array.from(y), n, 2)
    expect(fit.beta[1]).toBeCloseTo(slope, 8)
  })

  it('cluster-robust variance with one observation per cluster is HC1', () => {
    const fit = fitOls(X, Float64Array.from(y), n, 4)
    const pred = predictLinear(fit.beta, X, n)
    const resid = Float64Array.from(y, (v, i) => v - pred[i])
    const cov = clusterRobustCovariance(
      fit,
      X,
      resid,
      n,
      Int32Array.from({ length: n }, (_, i) => i)
    )
    // HC1 by hand for the slope: (X'X)^-1 X' diag(e²) X (X'X)^-1 · n/(n−p), with the G/(G−1) factor.
    const inv = fit.inverse
    let v = 0
    for (let i = 0; i < n; i++) {
      let a = 0
      for (let k = 0; k < 4; k++) a += inv.get(1, k) * rows[i][k]
      v += a * a * resid[i] * resid[i]
    }
    v *= (n / (n - 1)) * ((n - 1) / (n - 4))
    expect(cov.get(1, 1)).toBeCloseTo(v, 12)
  })
})
