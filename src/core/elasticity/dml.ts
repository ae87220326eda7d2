import { fitGbm, predictGbm, DEFAULT_GBM, type GbmParams } from '../ml/gbm'
import { fitOls, predictLinear } from '../ml/linear'
import { fitLinearEncoder, linearDesign } from './design'
import type { Panel } from './panel'
import { itemFolds } from './folds'
import type { SegmentEstimate } from './elasticities'
import { logScaleSlope, meanCount } from './count-scale'

const Z90 = 1.6448536269514722

/**
 * The item's mean log price over all its rows (Mundlak's device): as a control it
 * absorbs every fixed difference between items, so the debiased estimate rests on
 * price changes within an item over time, which an unobserved item trait (a brand
 * that both charges more and sells more) cannot confound.
 */
export function itemMeanLogPrice(panel: Panel): Float64Array {
  const sum = new Float64Array(panel.itemIds.length)
  const cnt = new Float64Array(panel.itemIds.length)
  for (let i = 0; i < panel.n; i++) {
    sum[panel.item[i]] += Math.log(panel.price[i])
    cnt[panel.item[i]]++
  }
  return Float64Array.from(panel.item, (it) => sum[it] / cnt[it])
}

/** The controls plus the item's mean log price, when items repeat: what DML partials out of both price and demand. */
function withItemMean(panel: Panel): Panel {
  const repeated = panel.n >= 2 * panel.itemIds.length
  if (!repeated) return panel
  return {
    ...panel,
    controls: [
      ...panel.controls,
      { name: 'item_mean_log_price', kind: 'numeric', values: itemMeanLogPrice(panel) }
    ]
  }
}

/** Controls only (no column of the row's own price): the nuisance models' inputs. */
function controlDesign(panel: Panel, rows: Uint32Array): { X: Float64Array; F: number } {
  const F = Math.max(1, panel.controls.length)
  const X = new Float64Array(rows.length * F)
  rows.forEach((i, k) => panel.controls.forEach((c, ci) => (X[k * F + ci] = c.values[i])))
  return { X, F }
}

export interface DmlOptions {
  folds: number
  seed: number
  /** Use only price changes within items (item mean log price as a control); see itemMeanLogPrice. */
  withinItems: boolean
  gbm?: Partial<GbmParams>
  onProgress?: (share: number) => void
}

/**
 * Double machine learning (partially linear model, as EconML's LinearDML):
 * cross-fitted gradient boosting predicts log(q + 1) and log price from the
 * controls on other items' folds; the residuals are regressed on each other per
 * segment, θ = Σ r_d r_y / Σ r_d², with item-clustered standard errors. θ is the
 * effect on log(q + 1); dividing by the segment's mean d log(1 + q)/d log λ
 * (count-scale.ts) gives the elasticity of quantity.
 */
export function dmlElasticities(input: Panel, rows: Uint32Array, opts: DmlOptions): SegmentEstimate[] {
  const panel = opts.withinItems ? withItemMean(input) : input
  const n = rows.length
  const ry = new Float64Array(n)
  const rd = new Float64Array(n)
  const slopeW = new Float64Array(n)
  const pos = new Map<number, number>()
  rows.forEach((i, k) => pos.set(i, k))
  const params: GbmParams = {
    ...DEFAULT_GBM,
    nEstimators: 40,
    maxDepth: 4,
    learningRate: 0.15,
    earlyStoppingRounds: 0,
    seed: opts.seed,
    ...opts.gbm
  }
  const folds = itemFolds(panel, rows, opts.folds, opts.seed + 17)
  folds.forEach((f, fi) => {
    const tr = controlDesign(panel, f.train)
    const te = controlDesign(panel, f.test)
    const y = Float64Array.from(f.train, (i) => Math.log1p(panel.quantity[i]))
    const d = Float64Array.from(f.train, (i) => Math.log(panel.price[i]))
    const my = nuisance(panel, f.train, f.test, tr, te, y, params)
    opts.onProgress?.((fi + 0.5) / folds.length)
    const md = nuisance(panel, f.train, f.test, tr, te, d, params)
    f.test.forEach((i, k) => {
      const at = pos.get(i) as number
      ry[at] = Math.log1p(panel.quantity[i]) - my[k]
      rd[at] = Math.log(panel.price[i]) - md[k]
      slopeW[at] = logScaleSlope(meanCount(my[k]))
    })
    opts.onProgress?.((fi + 1) / folds.length)
  })
  return panel.segments.map((segment, s) => {
    let sdd = 0
    let sdy = 0
    let w = 0
    let m = 0
    rows.forEach((i, k) => {
      if (panel.segment[i] !== s) return
      sdd += rd[k] * rd[k]
      sdy += rd[k] * ry[k]
      w += slopeW[k]
      m++
    })
    if (m === 0 || sdd <= 0) return { segment, rows: m, elasticity: NaN, ci_low: NaN, ci_high: NaN }
    const theta = sdy / sdd
    const scores = new Map<number, number>()
    rows.forEach((i, k) => {
      if (panel.segment[i] !== s) return
      scores.set(panel.item[i], (scores.get(panel.item[i]) ?? 0) + rd[k] * (ry[k] - theta * rd[k]))
    })
    const G = scores.size
    let meat = 0
    for (const v of scores.values()) meat += v * v
    const se = Math.sqrt((meat * G) / Math.max(1, G - 1)) / sdd
    const factor = m / w
    return {
      segment,
      rows: m,
      elasticity: theta * factor,
      ci_low: (theta - Z90 * se) * factor,
      ci_high: (theta + Z90 * se) * factor
    }
  })
}

/**
 * A nuisance prediction: linear in the encoded controls first, then boosted trees
 * on what the line leaves. Trees alone approximate smooth effects (quality →
 * price and demand) in steps; the small leftover they miss is exactly the kind of
 * shared error that biases a DML estimate toward zero.
 */
function nuisance(
  panel: Panel,
  trainRows: Uint32Array,
  testRows: Uint32Array,
  tr: { X: Float64Array; F: number },
  te: { X: Float64Array; F: number },
  y: Float64Array,
  params: GbmParams
): Float64Array {
  const enc = fitLinearEncoder(panel, trainRows, 0)
  const noPrice = { kind: 'poly', degree: 0 } as const
  const L = linearDesign(panel, trainRows, enc, noPrice)
  const fit = fitOls(L.X, y, trainRows.length, L.p)
  const base = predictLinear(fit.beta, L.X, trainRows.length)
  const resid = Float64Array.from(y, (v, k) => v - base[k])
  const trees = fitGbm(tr.X, resid, tr.F, params)
  const Lt = linearDesign(panel, testRows, enc, noPrice)
  const lin = predictLinear(fit.beta, Lt.X, testRows.length)
  const boost = predictGbm(trees, te.X, testRows.length)
  return Float64Array.from(lin, (v, k) => v + boost[k])
}
