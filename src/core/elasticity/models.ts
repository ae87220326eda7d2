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
import { addOffsets, itemMeans, toOffsets, withinTransform, type ItemOffsets } from './item-baseline'
import type { ModelKind } from '../../shared/elasticity'
import { inChunks } from './chunks'

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
  /**
   * Use item identity (item-baseline.ts): item fixed effects for the linear family, the
   * item's mean as a baseline for trees. Right when the test rows are later periods of
   * known items; a model for new items has no baseline to use.
   */
  itemBaseline?: boolean
}

export function target(panel: Panel, rows: Uint32Array): Float64Array {
  return Float64Array.from(rows, (i) => Math.log1p(panel.quantity[i]))
}

export function fitModel(kind: ModelKind, panel: Panel, rows: Uint32Array, opts: FitOptions): FittedModel {
  switch (kind) {
    case 'ols':
      return fitPolynomial(panel, rows, 1, kind, !!opts.itemBaseline)
    case 'poly2':
      return fitPolynomial(panel, rows, 2, kind, !!opts.itemBaseline)
    case 'poly3':
      return fitPolynomial(panel, rows, 3, kind, !!opts.itemBaseline)
    case 'gam':
      return fitGam(panel, rows, !!opts.itemBaseline)
    case 'rf': {
      const params = { ...DEFAULT_FOREST, seed: opts.seed, ...opts.forest }
      const t = treeTarget(panel, rows, !!opts.itemBaseline)
      const { X, F } = treeDesign(panel, rows, {}, t.offsets !== null)
      const m = fitForest(X, t.y, F, params, (k) => opts.onProgress?.((k + 1) / params.nEstimators))
      const predict = (pn: Panel, r: Uint32Array, v?: Variation) =>
        predictForest(m, treeDesign(pn, r, v, t.offsets !== null).X, r.length)
      return {
        kind,
        hyperparameters: { ...params, item_baseline: t.offsets !== null },
        predict: withOffsets(predict, t.offsets),
        serialize: () => ({ ...(forestToJson(m) as object), itemOffsets: t.offsets })
      }
    }
    case 'gbm': {
      const params = { ...DEFAULT_GBM, seed: opts.seed, ...opts.gbm }
      const t = treeTarget(panel, rows, !!opts.itemBaseline)
      const base = t.offsets !== null
      const { X, F } = treeDesign(panel, rows, {}, base)
      const valid = opts.validRows?.length
        ? {
            X: treeDesign(panel, opts.validRows, {}, base).X,
            y: t.offsets
              ? addOffsets(panel, opts.validRows, target(panel, opts.validRows), negate(t.offsets))
              : target(panel, opts.validRows)
          }
        : undefined
      const m = fitGbm(X, t.y, F, params, valid, (k) => opts.onProgress?.((k + 1) / params.nEstimators))
      const predict = (pn: Panel, r: Uint32Array, v?: Variation) =>
        predictGbm(m, treeDesign(pn, r, v, base).X, r.length)
      return {
        kind,
        hyperparameters: { ...params, trees: m.trees.length, item_baseline: base },
        predict: withOffsets(predict, t.offsets),
        serialize: () => ({ ...(gbmToJson(m) as object), itemOffsets: t.offsets })
      }
    }
  }
}

/** Trees with an item baseline learn the deviation of log(q + 1) from the item's mean over the training rows. */
function treeTarget(
  panel: Panel,
  rows: Uint32Array,
  baseline: boolean
): { y: Float64Array; offsets: ItemOffsets | null } {
  const y = target(panel, rows)
  if (!baseline) return { y, offsets: null }
  const means = itemMeans(panel, rows, y)
  const offsets = toOffsets(panel, means, y.reduce((a, b) => a + b, 0) / Math.max(1, y.length))
  return { y: y.map((v, k) => v - means[panel.item[rows[k]]]), offsets }
}

function negate(o: ItemOffsets): ItemOffsets {
  return {
    byItem: Object.fromEntries(Object.entries(o.byItem).map(([k, v]) => [k, -v])),
    fallback: -o.fallback
  }
}

export function withOffsets(
  predict: (pn: Panel, r: Uint32Array, v?: Variation) => Float64Array,
  offsets: ItemOffsets | null | undefined
): (pn: Panel, r: Uint32Array, v?: Variation) => Float64Array {
  return inChunks(offsets ? (pn, r, v) => addOffsets(pn, r, predict(pn, r, v), offsets) : predict)
}

/** A linear fit on the full design (item baseline off) or on its within-item transformation (item fixed effects). */
interface LinearSolution {
  beta: Float64Array
  covariance: Matrix
  offsets: ItemOffsets | null
  extra: Record<string, unknown>
}

/**
 * Solves a linear design, optionally with item fixed effects by the within transformation:
 * β from the demeaned design, then each item's intercept α = ȳ − x̄β on its training rows.
 * `solve` gets the (possibly reduced) cross products and the kept columns, so the GAM can
 * search its smoothing penalty on the same system.
 */
function solveDesign(
  panel: Panel,
  rows: Uint32Array,
  X: Float64Array,
  p: number,
  baseline: boolean,
  solve: (
    xtx: Matrix,
    xty: Float64Array,
    keep: number[],
    yty: number,
    n: number
  ) => { fit: ReturnType<typeof solveLinear>; extra: Record<string, unknown> },
  drop: number[] = []
): LinearSolution {
  const y = target(panel, rows)
  const n = rows.length
  const w = baseline ? withinTransform(panel, rows, X, p, y, drop) : null
  const Xs = w ? w.X : X
  const ys = w ? w.y : y
  const keep = w ? w.keep : Array.from({ length: p }, (_, j) => j)
  const q = keep.length
  const { xtx, xty } = crossProducts(Xs, ys, n, q)
  let yty = 0
  for (const v of ys) yty += v * v
  const { fit, extra } = solve(xtx, xty, keep, yty, n)
  const pred = predictLinear(fit.beta, Xs, n)
  const resid = Float64Array.from(ys, (v, k) => v - pred[k])
  const cov = clusterRobustCovariance(
    fit,
    Xs,
    resid,
    n,
    Int32Array.from(rows, (i) => panel.item[i])
  )
  const beta = new Float64Array(p)
  keep.forEach((j, c) => (beta[j] = fit.beta[c]))
  const covariance = new Matrix(p, p)
  keep.forEach((a, ca) => keep.forEach((b, cb) => covariance.set(a, b, cov.get(ca, cb))))
  if (!w) return { beta, covariance, offsets: null, extra }
  const I = panel.itemIds.length
  const alpha = new Float64Array(I).fill(NaN)
  for (let it = 0; it < I; it++) {
    if (!Number.isFinite(w.yMeans[it])) continue
    let a = w.yMeans[it]
    for (let j = 0; j < p; j++) a -= w.xMeans[it * p + j] * beta[j]
    alpha[it] = a
  }
  const finite = Array.from(alpha).filter(Number.isFinite)
  const fallback = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length)
  return { beta, covariance, offsets: toOffsets(panel, alpha, fallback), extra }
}

function linearModel(
  kind: ModelKind,
  enc: LinearEncoderState,
  terms: PriceTerms,
  sol: LinearSolution,
  hyper: Record<string, unknown>,
  slope?: number
): FittedModel {
  const { beta, covariance, offsets } = sol
  const design = (pn: Panel, r: Uint32Array, v?: Variation) => linearDesign(pn, r, enc, terms, v).X
  return {
    kind,
    hyperparameters: { ...hyper, ...sol.extra, item_baseline: offsets !== null },
    predict: withOffsets((pn, r, v) => predictLinear(beta, design(pn, r, v), r.length), offsets),
    slope,
    linear: { beta, covariance, design },
    serialize: () => ({ encoder: enc, terms, beta: Array.from(beta), itemOffsets: offsets })
  }
}

function fitPolynomial(
  panel: Panel,
  rows: Uint32Array,
  degree: number,
  kind: ModelKind,
  baseline: boolean
): FittedModel {
  const enc = fitLinearEncoder(panel, rows, 0)
  const terms: PriceTerms = { kind: 'poly', degree }
  const { X, p } = linearDesign(panel, rows, enc, terms)
  const sol = solveDesign(panel, rows, X, p, baseline, (xtx, xty) => ({
    fit: solveLinear(xtx, xty),
    extra: {}
  }))
  let slope: number | undefined
  if (degree === 1) {
    // Log-log: the segment slopes' average, weighted by rows (on log(q + 1) per log price).
    const share = new Float64Array(panel.segments.length)
    for (const i of rows) share[panel.segment[i]] += 1 / rows.length
    slope = sol.beta[1]
    for (let sgm = 1; sgm < share.length; sgm++) slope += share[sgm] * sol.beta[1 + sgm]
    slope /= enc.logPriceScale
  }
  return linearModel(kind, enc, terms, sol, { degree, features: p, segment_slopes: true }, slope)
}

const SPLINE_BASIS = 10
const GCV_LAMBDAS = [1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 1e4]

/**
 * GAM: a cubic P-spline in log price (10 B-splines, second-difference penalty) plus
 * linear controls; the smoothing λ minimizes generalized cross-validation
 * n·RSS / (n − edf)², edf = tr((XᵀX + λP)⁻¹ XᵀX).
 */
function fitGam(panel: Panel, rows: Uint32Array, baseline: boolean): FittedModel {
  const enc = fitLinearEncoder(panel, rows, SPLINE_BASIS)
  const terms: PriceTerms = { kind: 'spline' }
  const { X, p } = linearDesign(panel, rows, enc, terms)
  // Penalize the curvature of the spline only (second differences), not the per-segment slopes.
  const D = new Matrix(SPLINE_BASIS - 2, p)
  for (let k = 0; k < SPLINE_BASIS - 2; k++) {
    D.set(k, 1 + k, 1)
    D.set(k, 2 + k, -2)
    D.set(k, 3 + k, 1)
  }
  const Pfull = D.transpose().mmul(D)
  // Within items the B-splines (which sum to one) are collinear with the dropped intercept: drop the first.
  const sol = solveDesign(
    panel,
    rows,
    X,
    p,
    baseline,
    (xtx, xty, keep, yty, n) => {
      const P = new Matrix(keep.length, keep.length)
      keep.forEach((a, ca) => keep.forEach((b, cb) => P.set(ca, cb, Pfull.get(a, b))))
      let best: { gcv: number; lambda: number; fit: ReturnType<typeof solveLinear>; edf: number } | null =
        null
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
      return {
        fit: b.fit,
        extra: { lambda: b.lambda, edf: Math.round(b.edf * 10) / 10, gcv: b.gcv }
      }
    },
    baseline ? [1] : []
  )
  return linearModel('gam', enc, terms, sol, { basis: SPLINE_BASIS })
}
