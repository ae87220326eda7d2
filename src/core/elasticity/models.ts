import { Matrix } from 'ml-matrix'
import { clusterRobustCovariance, crossProducts, predictLinear, solveLinear } from '../ml/linear'
import { DEFAULT_GBM, fitGbm, gbmToJson, predictGbm, type GbmParams } from '../ml/gbm'
import { DEFAULT_FOREST, fitForest, forestToJson, predictForest, type ForestParams } from '../ml/forest'
import {
  fitLinearEncoder,
  linearDesign,
  treeDesign,
  type LinearEncoderState,
  type PriceTerms,
  type Variation
} from './design'
import type { Panel } from './panel'

export const MODEL_KINDS = ['ols', 'gam', 'poly2', 'poly3', 'rf', 'gbm'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

export const MODEL_LABELS: Record<ModelKind, string> = {
  ols: 'Log-log OLS',
  gam: 'GAM (P-spline)',
  poly2: 'Polynomial (2)',
  poly3: 'Polynomial (3)',
  rf: 'Random forest',
  gbm: 'Gradient boosting'
}

/** A fitted demand model: predicts log(quantity + 1) for panel rows, optionally at changed prices. */
export interface FittedModel {
  kind: ModelKind
  hyperparameters: Record<string, unknown>
  predict(panel: Panel, rows: Uint32Array, v?: Variation): Float64Array
  /** Log-log OLS only: the coefficient of log price. */
  slope?: number
  /** Linear models: coefficients, their item-clustered covariance, and the design, for delta-method intervals. */
  linear?: {
    beta: Float64Array
    covariance: Matrix
    design: (panel: Panel, rows: Uint32Array, v?: Variation) => Float64Array
  }
  serialize(): unknown
}

export interface FitOptions {
  seed: number
  /** Rows of the training set held out for GBM early stopping. */
  validRows?: Uint32Array
  onProgress?: (share: number) => void
  gbm?: Partial<GbmParams>
  forest?: Partial<ForestParams>
}

export function target(panel: Panel, rows: Uint32Array): Float64Array {
  return Float64Array.from(rows, (i) => Math.log1p(panel.quantity[i]))
}

export function fitModel(kind: ModelKind, panel: Panel, rows: Uint32Array, opts: FitOptions): FittedModel {
  switch (kind) {
    case 'ols':
      return fitPolynomial(panel, rows, 1, kind)
    case 'poly2':
      return fitPolynomial(panel, rows, 2, kind)
    case 'poly3':
      return fitPolynomial(panel, rows, 3, kind)
    case 'gam':
      return fitGam(panel, rows)
    case 'rf': {
      const params = { ...DEFAULT_FOREST, seed: opts.seed, ...opts.forest }
      const { X, F } = treeDesign(panel, rows)
      const m = fitForest(X, target(panel, rows), F, params, (k) =>
        opts.onProgress?.((k + 1) / params.nEstimators)
      )
      return {
        kind,
        hyperparameters: { ...params },
        predict: (pn, r, v) => {
          const d = treeDesign(pn, r, v)
          return predictForest(m, d.X, r.length)
        },
        serialize: () => forestToJson(m)
      }
    }
    case 'gbm': {
      const params = { ...DEFAULT_GBM, seed: opts.seed, ...opts.gbm }
      const { X, F } = treeDesign(panel, rows)
      const valid = opts.validRows?.length
        ? { X: treeDesign(panel, opts.validRows).X, y: target(panel, opts.validRows) }
        : undefined
      const m = fitGbm(X, target(panel, rows), F, params, valid, (k) =>
        opts.onProgress?.((k + 1) / params.nEstimators)
      )
      return {
        kind,
        hyperparameters: { ...params, trees: m.trees.length },
        predict: (pn, r, v) => predictGbm(m, treeDesign(pn, r, v).X, r.length),
        serialize: () => gbmToJson(m)
      }
    }
  }
}

function linearModel(
  kind: ModelKind,
  panel: Panel,
  rows: Uint32Array,
  enc: LinearEncoderState,
  terms: PriceTerms,
  fit: { beta: Float64Array; inverse: Matrix; xtx: Matrix },
  X: Float64Array,
  hyper: Record<string, unknown>,
  slope?: number
): FittedModel {
  const beta = fit.beta
  const y = target(panel, rows)
  const pred = predictLinear(beta, X, rows.length)
  const resid = Float64Array.from(y, (v, k) => v - pred[k])
  const covariance = clusterRobustCovariance(
    fit,
    X,
    resid,
    rows.length,
    Int32Array.from(rows, (i) => panel.item[i])
  )
  const design = (pn: Panel, r: Uint32Array, v?: Variation) => linearDesign(pn, r, enc, terms, v).X
  return {
    kind,
    hyperparameters: hyper,
    predict: (pn, r, v) => predictLinear(beta, design(pn, r, v), r.length),
    slope,
    linear: { beta, covariance, design },
    serialize: () => ({ encoder: enc, terms, beta: Array.from(beta) })
  }
}

function fitPolynomial(panel: Panel, rows: Uint32Array, degree: number, kind: ModelKind): FittedModel {
  const enc = fitLinearEncoder(panel, rows, 0)
  const terms: PriceTerms = { kind: 'poly', degree }
  const { X, p } = linearDesign(panel, rows, enc, terms)
  const { xtx, xty } = crossProducts(X, target(panel, rows), rows.length, p)
  const fit = solveLinear(xtx, xty)
  let slope: number | undefined
  if (degree === 1) {
    // Log-log: the segment slopes' average, weighted by rows (on log(q + 1) per log price).
    const share = new Float64Array(panel.segments.length)
    for (const i of rows) share[panel.segment[i]] += 1 / rows.length
    slope = fit.beta[1]
    for (let sgm = 1; sgm < share.length; sgm++) slope += share[sgm] * fit.beta[1 + sgm]
    slope /= enc.logPriceScale
  }
  return linearModel(
    kind,
    panel,
    rows,
    enc,
    terms,
    fit,
    X,
    { degree, features: p, segment_slopes: true },
    slope
  )
}

const SPLINE_BASIS = 10
const GCV_LAMBDAS = [1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 1e4]

/**
 * GAM: a cubic P-spline in log price (10 B-splines, second-difference penalty) plus
 * linear controls; the smoothing λ minimizes generalized cross-validation
 * n·RSS / (n − edf)², edf = tr((XᵀX + λP)⁻¹ XᵀX).
 */
function fitGam(panel: Panel, rows: Uint32Array): FittedModel {
  const enc = fitLinearEncoder(panel, rows, SPLINE_BASIS)
  const terms: PriceTerms = { kind: 'spline' }
  const { X, p, priceColumns } = linearDesign(panel, rows, enc, terms)
  const y = target(panel, rows)
  const n = rows.length
  const { xtx, xty } = crossProducts(X, y, n, p)
  let yty = 0
  for (const v of y) yty += v * v
  // Penalize the curvature of the spline only (second differences), not the per-segment slopes.
  void priceColumns
  const D = new Matrix(SPLINE_BASIS - 2, p)
  for (let k = 0; k < SPLINE_BASIS - 2; k++) {
    D.set(k, 1 + k, 1)
    D.set(k, 2 + k, -2)
    D.set(k, 3 + k, 1)
  }
  const P = D.transpose().mmul(D)
  let best: { gcv: number; lambda: number; fit: ReturnType<typeof solveLinear>; edf: number } | null = null
  for (const lambda of GCV_LAMBDAS) {
    const fit = solveLinear(xtx, xty, P.clone().mul(lambda))
    const b = Matrix.columnVector(Array.from(fit.beta))
    const rss =
      yty -
      2 *
        b
          .transpose()
          .mmul(Matrix.columnVector(Array.from(xty)))
          .get(0, 0) +
      b.transpose().mmul(xtx).mmul(b).get(0, 0)
    const edf = fit.inverse.mmul(xtx).trace()
    const gcv = (n * rss) / (n - edf) ** 2
    if (!best || gcv < best.gcv) best = { gcv, lambda, fit, edf }
  }
  const b = best as NonNullable<typeof best>
  // The sandwich uses the penalized inverse: intervals conditional on the chosen smoothing.
  return linearModel('gam', panel, rows, enc, terms, b.fit, X, {
    basis: SPLINE_BASIS,
    lambda: b.lambda,
    edf: Math.round(b.edf * 10) / 10,
    gcv: b.gcv
  })
}
