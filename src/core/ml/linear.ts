import { CholeskyDecomposition, Matrix } from 'ml-matrix'

/**
 * Least squares with an optional quadratic penalty: minimize ‖y − Xβ‖² + βᵀPβ.
 * P = 0 is OLS (the normal equations XᵀXβ = Xᵀy, solved by Cholesky); a P-spline
 * penalty gives the GAM. X is row-major n × p.
 */
export interface LinearFit {
  beta: Float64Array
  /** (XᵀX + P)⁻¹, for standard errors and the hat-matrix trace. */
  inverse: Matrix
  xtx: Matrix
}

export function crossProducts(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number
): { xtx: Matrix; xty: Float64Array } {
  const xtx = new Float64Array(p * p)
  const xty = new Float64Array(p)
  for (let i = 0; i < n; i++) {
    const o = i * p
    const yi = y[i]
    for (let a = 0; a < p; a++) {
      const xa = X[o + a]
      if (xa === 0) continue
      xty[a] += xa * yi
      const ro = a * p
      for (let b = a; b < p; b++) xtx[ro + b] += xa * X[o + b]
    }
  }
  const m = new Matrix(p, p)
  for (let a = 0; a < p; a++)
    for (let b = a; b < p; b++) m.set(a, b, xtx[a * p + b]).set(b, a, xtx[a * p + b])
  return { xtx: m, xty }
}

/** The Cholesky factor of X'X (+ penalty) with a tiny ridge: what every solve below stands on. */
function ridgedCholesky(xtx: Matrix, penalty?: Matrix): CholeskyDecomposition {
  const p = xtx.rows
  const a = penalty ? xtx.clone().add(penalty) : xtx.clone()
  // A tiny ridge keeps an exactly collinear design (e.g. a constant feature) solvable; it is reported upstream.
  for (let k = 0; k < p; k++) a.set(k, k, a.get(k, k) + 1e-10 * (1 + a.get(k, k)))
  return new CholeskyDecomposition(a)
}

/** Whether solveLinear can solve this X'X (it would throw on a singular one). */
export function isSolvable(xtx: Matrix): boolean {
  return ridgedCholesky(xtx).isPositiveDefinite()
}

export function solveLinear(xtx: Matrix, xty: Float64Array, penalty?: Matrix): LinearFit {
  const p = xty.length
  const chol = ridgedCholesky(xtx, penalty)
  if (!chol.isPositiveDefinite())
    throw new Error('the design matrix is singular: a feature is constant or a copy of others')
  const inverse = chol.solve(Matrix.eye(p))
  const beta = Float64Array.from(chol.solve(Matrix.columnVector(Array.from(xty))).getColumn(0))
  return { beta, inverse, xtx }
}

export function fitOls(X: Float64Array, y: Float64Array, n: number, p: number): LinearFit {
  const { xtx, xty } = crossProducts(X, y, n, p)
  return solveLinear(xtx, xty)
}

export function predictLinear(beta: Float64Array, X: Float64Array, n: number): Float64Array {
  const p = beta.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    const o = i * p
    for (let k = 0; k < p; k++) s += X[o + k] * beta[k]
    out[i] = s
  }
  return out
}

/**
 * Cluster-robust (sandwich) covariance, clustered by item, with the usual
 * small-sample factor G/(G−1)·(n−1)/(n−p): prices of one item are not independent draws.
 */
export function clusterRobustCovariance(
  fit: LinearFit,
  X: Float64Array,
  resid: Float64Array,
  n: number,
  clusters: Int32Array
): Matrix {
  const p = fit.beta.length
  const scores = new Map<number, Float64Array>()
  for (let i = 0; i < n; i++) {
    let s = scores.get(clusters[i])
    if (!s) scores.set(clusters[i], (s = new Float64Array(p)))
    const o = i * p
    const e = resid[i]
    for (let k = 0; k < p; k++) s[k] += X[o + k] * e
  }
  const meat = new Matrix(p, p)
  for (const s of scores.values())
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat.set(a, b, meat.get(a, b) + s[a] * s[b])
  const G = scores.size
  const c = (G / Math.max(1, G - 1)) * ((n - 1) / Math.max(1, n - p))
  return fit.inverse.mmul(meat).mmul(fit.inverse).mul(c)
}
