import { Rng } from '../util/rng'
import { fitModel, type FitOptions } from './models'
import { MODEL_LABELS, type ModelKind } from '../../shared/elasticity'
import {
  defaultValidation,
  itemFolds,
  rowFolds,
  splitByItem,
  splitByTime,
  splitWithinItems,
  timeFolds,
  validationRefusal,
  type Split
} from './folds'
import type { Validation } from '../../shared/elasticity'
import { DomainError } from '../../shared/domain-error'
import { fitMetrics, rmseLog } from './metrics'
import { linearSegmentElasticities, mean, rowElasticities, segmentElasticities } from './elasticities'
import { inputNames } from './design'
import { meanCount } from './count-scale'
import type { Panel } from './panel'
import type { SavedModel } from './formats'
import { DEFAULT_SEED } from '../../shared/defaults'
import type { DemandCurve, ModelReport, TrainPlan } from '../../shared/elasticity/model-results'
import { fixed } from '../../shared/format/numbers'

export const DEFAULT_PLAN: TrainPlan = { seed: DEFAULT_SEED, folds: 3, testShare: 0.2, withinItems: true }

/**
 * The validation a plan runs with on this panel: the one it asks for, or the panel's default.
 * One asked for that cannot run is refused with the reason, never replaced by another.
 */
export function resolveValidation(panel: Panel, plan: TrainPlan): Validation {
  if (!plan.validation) return defaultValidation(panel)
  const refusal = validationRefusal(panel, plan.validation)
  if (refusal) throw new DomainError('invalid_input', refusal)
  return plan.validation
}

export const CURVE_FACTORS = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3]

/** Curves from at most 300 rows a segment: enough for a mean demand, cheap for tree ensembles. */
function demandCurves(model: ReturnType<typeof fitModel>, panel: Panel, seed: number): DemandCurve[] {
  const rng = new Rng(seed + 3)
  return panel.segments.map((segment, s) => {
    const members: number[] = []
    for (let i = 0; i < panel.n; i++) if (panel.segment[i] === s) members.push(i)
    const pick =
      members.length > 300 ? Array.from({ length: 300 }, () => members[rng.int(members.length)]) : members
    const rows = Uint32Array.from(pick)
    const current = rows.length ? rows.reduce((a, i) => a + panel.price[i], 0) / rows.length : 0
    const points = CURVE_FACTORS.map((factor) => {
      const pred = model.predict(panel, rows, { priceFactor: factor })
      let q = 0
      let rev = 0
      rows.forEach((i, k) => {
        const qi = meanCount(pred[k])
        q += qi
        rev += qi * panel.price[i] * factor
      })
      const n = Math.max(1, rows.length)
      return { factor, price: current * factor, quantity: q / n, revenue: rev / n }
    })
    const best = points.reduce((a, b) => (b.revenue > a.revenue ? b : a), points[0])
    return { segment, current_price: current, points, revenue_max_factor: best?.factor ?? 1 }
  })
}

export interface TrainedModel {
  report: ModelReport
  serialized: SavedModel
}

export function makeSplits(panel: Panel, plan: TrainPlan): { split: Split; folds: Split[] } {
  const validation = resolveValidation(panel, plan)
  if (validation === 'time') {
    const split = splitByTime(panel, plan.testShare)
    return { split, folds: timeFolds(panel, split.train, plan.folds) }
  }
  if (validation === 'rows') {
    const split = splitWithinItems(panel, plan.testShare, plan.seed)
    return { split, folds: rowFolds(panel, split.train, plan.folds, plan.seed) }
  }
  const split = splitByItem(panel, plan.testShare, plan.seed)
  return { split, folds: itemFolds(panel, split.train, plan.folds, plan.seed) }
}

/** Cross-validates on the shared folds, fits on the training items, scores the test items. */
export function trainModel(
  kind: ModelKind,
  panel: Panel,
  plan: TrainPlan,
  onProgress: (share: number) => void = () => {},
  now: () => number = Date.now
): TrainedModel {
  const t0 = now()
  const validation = resolveValidation(panel, plan)
  const { split, folds } = makeSplits(panel, plan)
  const stages = folds.length + 2
  const opts = (stage: number, validRows?: Uint32Array): FitOptions => ({
    seed: plan.seed,
    validRows,
    itemBaseline: validation !== 'items',
    onProgress: (s) => onProgress((stage + s) / stages)
  })
  const cvErr: number[] = []
  const cvR2: number[] = []
  const foldElasticities: number[] = []
  const foldSegments: Float64Array[] = []
  folds.forEach((f, k) => {
    const { fitRows, validRows } = earlyStoppingSplit(panel, f.train, kind, plan.seed + k, validation)
    const m = fitModel(kind, panel, fitRows, opts(k, validRows))
    const pred = m.predict(panel, f.test)
    cvErr.push(rmseLog(panel.quantity, f.test, pred))
    cvR2.push(fitMetrics(panel.quantity, f.test, pred).r2)
    const fe = rowElasticities(m, panel, f.test)
    foldElasticities.push(mean(fe))
    foldSegments.push(segmentMeans(panel, f.test, fe))
    onProgress((k + 1) / stages)
  })
  const { fitRows, validRows } = earlyStoppingSplit(panel, split.train, kind, plan.seed, validation)
  const model = fitModel(kind, panel, fitRows, opts(folds.length, validRows))
  const trainMs = now() - t0
  const testPred = model.predict(panel, split.test)
  const metrics = fitMetrics(panel.quantity, split.test, testPred)
  const all = Uint32Array.from({ length: panel.n }, (_, i) => i)
  const e = rowElasticities(model, panel, all)
  // Linear models: delta-method intervals from item-clustered errors; tree ensembles: a bootstrap over items.
  const segments = (
    model.linear
      ? linearSegmentElasticities(model, panel, all, e)
      : segmentElasticities(panel, all, e, plan.seed)
  ).map((sg, s) => ({
    ...sg,
    fold_range: spread(foldSegments.map((f) => f[s])),
    falling_share: fallingShare(e, (k) => panel.segment[k] === s)
  }))
  // Importance on at most 5,000 test rows: stable enough to rank inputs, and cheap for tree ensembles.
  const impRows =
    split.test.length > 5000
      ? split.test.filter((_, k) => k % Math.ceil(split.test.length / 5000) === 0)
      : split.test
  const importance = permutationImportance(model, panel, impRows, model.predict(panel, impRows), plan.seed)
  onProgress(1)
  const elasticity = mean(e)
  const lastRow = new Int32Array(panel.itemIds.length).fill(-1)
  for (let i = 0; i < panel.n; i++) lastRow[panel.item[i]] = i
  const current = Array.from(lastRow)
    .filter((i) => i >= 0 && Number.isFinite(e[i]))
    .map((i) => e[i])
    .sort((a, b) => a - b)
  const q = (p: number) =>
    current.length ? current[Math.min(current.length - 1, Math.floor(p * current.length))] : NaN
  const range = spread(foldElasticities)
  const warnings: string[] = []
  if (elasticity > 0)
    warnings.push(
      `${MODEL_LABELS[kind]}: the estimated elasticity is positive (${fixed(elasticity, 2)}): demand rising with price usually means confounding or too little price variation`
    )
  const widest = Math.max(...segments.map((s) => s.ci_high - s.ci_low).filter(Number.isFinite), 0)
  if (range > Math.max(0.1, widest))
    warnings.push(`${MODEL_LABELS[kind]}: the elasticity moves by ${fixed(range, 2)} across folds: unstable`)
  const sampleRng = new Rng(plan.seed)
  const sample = Array.from({ length: Math.min(400, split.test.length) }, () => {
    const k = sampleRng.int(split.test.length)
    return { actual: panel.quantity[split.test[k]], predicted: meanCount(testPred[k]) }
  })
  return {
    report: {
      name: kind,
      label: MODEL_LABELS[kind],
      test_r2: metrics.r2,
      rmse: metrics.rmse,
      mape: metrics.mape,
      cv_rmse: mean(cvErr),
      cv_r2: mean(cvR2),
      elasticity,
      log_log_slope: model.slope ?? null,
      point_elasticity: { p10: q(0.1), p50: q(0.5), p90: q(0.9) },
      elasticity_fold_range: range,
      falling_share: fallingShare(e, () => true),
      validation,
      train_ms: trainMs,
      hyperparameters: model.hyperparameters,
      segments,
      importance,
      sample,
      curves: demandCurves(model, panel, plan.seed),
      warnings
    },
    serialized: { kind, hyperparameters: model.hyperparameters, model: model.serialize() }
  }
}

/** max − min of the finite values (NaN when none). */
function spread(xs: number[]): number {
  const f = xs.filter(Number.isFinite)
  return f.length ? Math.max(...f) - Math.min(...f) : NaN
}

/** Mean row elasticity per segment over the given rows. */
function segmentMeans(panel: Panel, rows: Uint32Array, e: Float64Array): Float64Array {
  const sum = new Float64Array(panel.segments.length)
  const cnt = new Float64Array(panel.segments.length)
  rows.forEach((i, k) => {
    if (!Number.isFinite(e[k])) return
    sum[panel.segment[i]] += e[k]
    cnt[panel.segment[i]]++
  })
  return sum.map((v, s) => (cnt[s] ? v / cnt[s] : NaN))
}

/** Share of the (selected, finite) rows whose demand falls with price. */
function fallingShare(e: Float64Array, keep: (row: number) => boolean): number {
  let down = 0
  let n = 0
  e.forEach((v, i) => {
    if (!keep(i) || !Number.isFinite(v)) return
    n++
    if (v < 0) down++
  })
  return n ? down / n : NaN
}

/**
 * Gradient boosting stops early on held-out training rows: the last tenth of the training
 * periods under the time holdout, a tenth of every item's rows under 'rows' (every item keeps
 * its baseline either way), else 10% of the training items. Other models use all training rows.
 */
function earlyStoppingSplit(
  panel: Panel,
  rows: Uint32Array,
  kind: ModelKind,
  seed: number,
  validation: Validation
): { fitRows: Uint32Array; validRows?: Uint32Array } {
  if (kind !== 'gbm') return { fitRows: rows }
  if (validation === 'time' && panel.period) {
    const period = panel.period
    let lo = Infinity
    let hi = -Infinity
    for (const i of rows) {
      lo = Math.min(lo, period[i])
      hi = Math.max(hi, period[i])
    }
    const cut = hi - Math.max(0, Math.round((hi - lo + 1) * 0.1) - 1)
    return { fitRows: rows.filter((i) => period[i] < cut), validRows: rows.filter((i) => period[i] >= cut) }
  }
  if (validation === 'rows') {
    const inner = splitWithinItems(panel, 0.1, seed + 99)
    const held = new Set(inner.test)
    return { fitRows: rows.filter((i) => !held.has(i)), validRows: rows.filter((i) => held.has(i)) }
  }
  const rng = new Rng(seed + 99)
  const held = new Set<number>()
  const items = [...new Set(Array.from(rows, (i) => panel.item[i]))]
  for (const it of items) if (rng.next() < 0.1) held.add(it)
  return {
    fitRows: rows.filter((i) => !held.has(panel.item[i])),
    validRows: rows.filter((i) => held.has(panel.item[i]))
  }
}

/** Increase in test RMSE (log scale) when one input is shuffled across test rows: comparable across all models. */
function permutationImportance(
  model: ReturnType<typeof fitModel>,
  panel: Panel,
  rows: Uint32Array,
  base: Float64Array,
  seed: number
) {
  const rng = new Rng(seed + 7)
  const baseErr = rmseLog(panel.quantity, rows, base)
  return inputNames(panel)
    .map((input) => {
      const order = Uint32Array.from(rows)
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        const t = order[i]
        order[i] = order[j]
        order[j] = t
      }
      // order[k] is the row whose value row rows[k] takes: index by panel row.
      const full = Uint32Array.from({ length: panel.n }, (_, i) => i)
      rows.forEach((i, k) => (full[i] = order[k]))
      const pred = model.predict(panel, rows, { permute: { input, order: full } })
      return { input, rmse_increase: rmseLog(panel.quantity, rows, pred) - baseErr }
    })
    .sort((a, b) => b.rmse_increase - a.rmse_increase)
}
