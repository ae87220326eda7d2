import { CholeskyDecomposition, Matrix } from 'ml-matrix'
import { fitForest, predictForest, DEFAULT_FOREST } from '../ml/forest'
import { fitGbm, predictGbm, DEFAULT_GBM } from '../ml/gbm'
import { sigmoid } from '../util/rng'
import type { ClassifierKind } from '../../shared/propensity'

export interface Classifier {
  kind: ClassifierKind
  /** P(y = 1) for row-major X (F columns). */
  predict(X: Float64Array, n: number): Float64Array
}

/** Logistic regression on standardized features with an L2 penalty, by Newton–Raphson (IRLS). */
export function fitLogistic(X: Float64Array, y: Uint8Array, F: number, l2 = 1): Classifier {
  const n = y.length
  const mean = new Float64Array(F)
  const sd = new Float64Array(F)
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) mean[f] += X[i * F + f] / n
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) sd[f] += (X[i * F + f] - mean[f]) ** 2 / n
  for (let f = 0; f < F; f++) sd[f] = Math.sqrt(sd[f]) || 1
  const p = F + 1
  const z = (i: number, k: number) => (k === 0 ? 1 : (X[i * F + k - 1] - mean[k - 1]) / sd[k - 1])
  let beta = new Float64Array(p)
  for (let it = 0; it < 25; it++) {
    const H = new Matrix(p, p)
    const g = new Float64Array(p)
    for (let i = 0; i < n; i++) {
      let eta = 0
      for (let k = 0; k < p; k++) eta += beta[k] * z(i, k)
      const mu = sigmoid(eta)
      const w = Math.max(1e-9, mu * (1 - mu))
      for (let a = 0; a < p; a++) {
        const za = z(i, a)
        g[a] += (y[i] - mu) * za
        for (let b = a; b < p; b++) H.set(a, b, H.get(a, b) + w * za * z(i, b))
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) H.set(a, b, H.get(b, a))
      if (a > 0) {
        H.set(a, a, H.get(a, a) + l2)
        g[a] -= l2 * beta[a]
      }
    }
    const step = new CholeskyDecomposition(H).solve(Matrix.columnVector(Array.from(g))).getColumn(0)
    const next = Float64Array.from(beta, (b, k) => b + step[k])
    const moved = step.reduce((m, s) => Math.max(m, Math.abs(s)), 0)
    beta = next
    if (moved < 1e-8) break
  }
  return {
    kind: 'logistic',
    predict(Xn, m) {
      const out = new Float64Array(m)
      for (let i = 0; i < m; i++) {
        let eta = beta[0]
        for (let f = 0; f < F; f++) eta += (beta[f + 1] * (Xn[i * F + f] - mean[f])) / sd[f]
        out[i] = sigmoid(eta)
      }
      return out
    }
  }
}

/** Random forest on 0/1 targets: the mean of the leaves is a probability. */
export function fitForestClassifier(X: Float64Array, y: Uint8Array, F: number, seed: number): Classifier {
  const m = fitForest(X, Float64Array.from(y), F, {
    ...DEFAULT_FOREST,
    nEstimators: 60,
    maxDepth: 10,
    minSamplesLeaf: 20,
    seed
  })
  return { kind: 'rf', predict: (Xn, n) => predictForest(m, Xn, n).map((v) => Math.min(1, Math.max(0, v))) }
}

/** Gradient boosting on the log loss (predictions in log-odds), early-stopped on a tenth of the rows. */
export function fitGbmClassifier(X: Float64Array, y: Uint8Array, F: number, seed: number): Classifier {
  const n = y.length
  const F64 = Float64Array.from(y)
  const held = Array.from({ length: n }, (_, i) => i % 10 === 0)
  const pick = (keep: boolean) => {
    const idx = held.map((h, i) => (h === keep ? i : -1)).filter((i) => i >= 0)
    const Xs = new Float64Array(idx.length * F)
    idx.forEach((i, k) => Xs.set(X.subarray(i * F, (i + 1) * F), k * F))
    return { X: Xs, y: Float64Array.from(idx, (i) => F64[i]) }
  }
  const fit = pick(false)
  const valid = pick(true)
  const m = fitGbm(
    fit.X,
    fit.y,
    F,
    {
      ...DEFAULT_GBM,
      loss: 'logistic',
      nEstimators: 300,
      learningRate: 0.3,
      maxDepth: 4,
      minSamplesLeaf: 40,
      earlyStoppingRounds: 20,
      subsample: 0.8,
      seed
    },
    valid
  )
  return { kind: 'gbm', predict: (Xn, k) => predictGbm(m, Xn, k).map(sigmoid) }
}

export function fitClassifier(
  kind: ClassifierKind,
  X: Float64Array,
  y: Uint8Array,
  F: number,
  seed: number
): Classifier {
  if (kind === 'logistic') return fitLogistic(X, y, F)
  if (kind === 'rf') return fitForestClassifier(X, y, F, seed)
  return fitGbmClassifier(X, y, F, seed)
}
