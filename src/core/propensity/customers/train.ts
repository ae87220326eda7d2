import { shuffledIndices } from '../../util/rng'
import { CLASSIFIERS, type ClassifierKind } from '../../../shared/propensity'
import { fitClassifier, type Classifier } from '../classifiers'
import { auc, calibration, ece, liftTable } from '../metrics'
import { segmentSummary } from '../segments'
import { rocPoints, scoreReport, TOP_CONTRIBUTIONS } from '../train'
import type { ClassifierReport, Band } from '../../../shared/propensity/results'
import { chooseCalibrator } from './calibrate'
import { encodeRows, fitEncoder, type Encoder } from './encode'
import type { Cell, CustomerTable } from './generate'
import { CustomerInputError, readLabel } from './label'
import { segmentProfiles } from './profiles'
import { customerReasons, scoreCustomers } from './score'
import type { CustomerTargetReport } from '../../../shared/propensity/customer-results'
import { DEFAULT_BANDS } from '../segments'
import { DEFAULT_SEED } from '../../../shared/defaults'

/** What to model in a customer table: the label column, optionally its positive value, an id and the features. */
export interface CustomerSpec {
  dataset: string
  label: string
  positive?: string
  id?: string
  /** Default: every column but the label and the id. */
  features?: string[]
}

export interface CustomerPlan {
  seed: number
  folds: number
  testShare: number
}

export const DEFAULT_CUSTOMER_PLAN: CustomerPlan = { seed: DEFAULT_SEED, folds: 3, testShare: 0.25 }

/** Every customer's calibrated score and the columns that move it most. */
export interface CustomerScores {
  ids: string[]
  score: Float64Array
  columns: string[]
  /** Per customer, TOP_CONTRIBUTIONS column indices (−1: none), their score changes and the customer's raw values. */
  top: Int16Array
  delta: Float32Array
  values: Cell[]
}

function rowsOf(X: Float64Array, F: number, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * F)
  for (let k = 0; k < idx.length; k++) out.set(X.subarray(idx[k] * F, (idx[k] + 1) * F), k * F)
  return out
}

/** Checks the spec against the table; every refusal names the column. */
export function resolveSpec(table: CustomerTable, spec: CustomerSpec): { features: string[] } {
  const names = new Set(table.columns.map((c) => c.name))
  const need = (c: string, what: string) => {
    if (!names.has(c))
      throw new CustomerInputError(`dataset "${spec.dataset}" has no ${what} column "${c}"`, c)
  }
  need(spec.label, 'label')
  if (spec.id !== undefined) need(spec.id, 'id')
  const features =
    spec.features ?? table.columns.map((c) => c.name).filter((c) => c !== spec.label && c !== spec.id)
  for (const f of features) need(f, 'feature')
  if (features.includes(spec.label))
    throw new CustomerInputError(
      `column "${spec.label}" is the label and cannot also be a feature`,
      spec.label
    )
  if (spec.id !== undefined && features.includes(spec.id))
    throw new CustomerInputError(`column "${spec.id}" is the id and cannot also be a feature`, spec.id)
  if (!features.length)
    throw new CustomerInputError(
      `dataset "${spec.dataset}" has no feature columns beside the label`,
      spec.label
    )
  return { features }
}

export interface TrainOptions {
  clock?: () => number
  /** The project's Hot/Warm/Cold/Dormant thresholds. */
  bands?: Band[]
  /** The customers to score, if not the training table (an event log's snapshot as of today; same columns). */
  score?: CustomerTable
  /** An event log's cutoff and window (the report's `cutoff`, `window_days`). */
  cutoff?: string
  windowDays?: number
  scoredAsOf?: string
  population?: string
}

/**
 * The split and the encoded design: labelled customers shuffled by the seed, the
 * first `testShare` held out, the encoder fitted on the rest. Shared by the
 * trainer and the bench (which hands the same arrays to scikit-learn).
 */
export function prepareCustomers(table: CustomerTable, spec: CustomerSpec, plan: CustomerPlan) {
  const { features } = resolveSpec(table, spec)
  const labelCol = table.columns.find((c) => c.name === spec.label) as CustomerTable['columns'][number]
  const { y: y8, positive } = readLabel(spec.label, labelCol.values, spec.positive)
  const n = labelCol.values.length
  const labelled = shuffledIndices(n, plan.seed).filter((i) => y8[i] >= 0)
  const testN = Math.round(labelled.length * plan.testShare)
  const testIdx = labelled.slice(0, testN)
  const trainIdx = labelled.slice(testN)
  const { encoder, X: Xtrain } = fitEncoder(table, features, y8, trainIdx, plan.seed)
  const F = encoder.names.length
  if (!F)
    throw new CustomerInputError(
      `no usable feature: ${encoder.dropped.map((d) => `"${d.column}": ${d.reason}`).join('; ')}`,
      encoder.dropped[0]?.column ?? spec.label
    )
  const ytrain = Uint8Array.from(trainIdx, (i) => y8[i])
  const Xtest = encodeRows(encoder, table, testIdx)
  const ytest = Uint8Array.from(testIdx, (i) => y8[i])
  return { encoder, F, Xtrain, ytrain, Xtest, ytest, trainIdx, testIdx, labelled, y8, positive, n }
}

/**
 * Propensity on the analyst's own customer table: a binary label column, features
 * of any type (encoded by fitEncoder on the training customers only), logistic
 * regression, random forest and boosting compared by cross-validated AUC on the
 * training customers, the winner calibrated (Platt or isotonic, chosen on the
 * validation folds) and judged on held-out test customers; then every customer
 * scored, with the columns that move each score most.
 */
export function trainCustomers(
  table: CustomerTable,
  spec: CustomerSpec,
  plan: CustomerPlan = DEFAULT_CUSTOMER_PLAN,
  opts: TrainOptions = {}
): { report: CustomerTargetReport; current: CustomerScores } {
  const clock = opts.clock ?? Date.now
  const bands = opts.bands ?? DEFAULT_BANDS
  const toScore = opts.score ?? table
  const { encoder, F, Xtrain, ytrain, Xtest, ytest, trainIdx, testIdx, labelled, y8, positive } =
    prepareCustomers(table, spec, plan)
  const fold = Int32Array.from(trainIdx, (_, k) => k % plan.folds)

  const models: ClassifierReport[] = []
  const fitted = new Map<ClassifierKind, { model: Classifier; oof: Float64Array; test: Float64Array }>()
  for (const kind of CLASSIFIERS) {
    const t0 = clock()
    const oof = new Float64Array(trainIdx.length)
    const cv: number[] = []
    for (let f = 0; f < plan.folds; f++) {
      const fitRows: number[] = []
      const valRows: number[] = []
      fold.forEach((g, k) => (g === f ? valRows : fitRows).push(k))
      const m = fitClassifier(
        kind,
        rowsOf(Xtrain, F, fitRows),
        Uint8Array.from(fitRows, (k) => ytrain[k]),
        F,
        plan.seed + f
      )
      const p = m.predict(rowsOf(Xtrain, F, valRows), valRows.length)
      valRows.forEach((k, r) => (oof[k] = p[r]))
      cv.push(
        auc(
          p,
          Uint8Array.from(valRows, (k) => ytrain[k])
        )
      )
    }
    const model = fitClassifier(kind, Xtrain, ytrain, F, plan.seed)
    const s = model.predict(Xtest, testIdx.length)
    fitted.set(kind, { model, oof, test: s })
    models.push(scoreReport(kind, s, ytest, cv.reduce((a, b) => a + b, 0) / cv.length, clock() - t0))
  }
  const best = [...models].sort((a, b) => (b.cv_auc ?? 0) - (a.cv_auc ?? 0))[0].name as ClassifierKind
  const chosen = fitted.get(best) as { model: Classifier; oof: Float64Array; test: Float64Array }
  const { calibrator, brier: calibrationBrier } = chooseCalibrator(chosen.oof, ytrain, fold, plan.folds)
  const calibrated = calibrator.apply(chosen.test)
  const scorer = { predict: (X: Float64Array, m: number) => calibrator.apply(chosen.model.predict(X, m)) }

  // Every customer, labelled or not, as the analyst will act on them.
  const t0 = clock()
  const score = scoreCustomers(encoder, toScore, scorer)
  const m = score.length
  const scoringMs = clock() - t0
  const current = customerContributions(scorer, encoder, toScore, score, spec.id)
  const yScore = toScore === table ? y8 : new Int8Array(m).fill(-1)

  const pos = labelled.reduce((s, i) => s + y8[i], 0)
  let brierAfter = 0
  for (let i = 0; i < calibrated.length; i++) brierAfter += (calibrated[i] - ytest[i]) ** 2
  const report: CustomerTargetReport = {
    target: spec.label,
    dataset: spec.dataset,
    positive,
    id_column: spec.id ?? null,
    cutoff: opts.cutoff ?? null,
    window_days: opts.windowDays ?? null,
    scored_as_of: opts.scoredAsOf ?? null,
    population: opts.population ?? `customers of ${spec.dataset} with a ${spec.label}`,
    learners: labelled.length,
    customers_scored: m,
    positive_rate: pos / labelled.length,
    best_model: best,
    models,
    baseline: null,
    calibration_method: calibrator.method,
    calibration_brier: calibrationBrier,
    ece_before: ece(chosen.test, ytest),
    ece_after: ece(calibrated, ytest),
    brier_after: brierAfter / Math.max(1, calibrated.length),
    calibration: calibration(calibrated, ytest),
    lift: liftTable(calibrated, ytest),
    roc: rocPoints(calibrated, ytest),
    segments: segmentSummary(score, bands),
    profiles: segmentProfiles(toScore, score, yScore, encoder.groups, bands),
    features: encoder.groups.map((g) => ({
      column: g.column,
      how: g.how,
      encoded: g.features.map((j) => encoder.names[j])
    })),
    dropped: encoder.dropped,
    test: {
      score: Array.from(calibrated, (v) => Math.round(v * 1e4) / 1e4),
      label: Array.from(ytest),
      row: Array.from(testIdx)
    },
    scoring_ms: scoringMs
  }
  return { report, current }
}

function customerContributions(
  scorer: { predict(X: Float64Array, n: number): Float64Array },
  encoder: Encoder,
  table: CustomerTable,
  score: Float64Array,
  idColumn: string | undefined
): CustomerScores {
  const n = score.length
  const { feature, delta } = customerReasons(encoder, table, scorer, score)
  const columns = encoder.groups.map((g) => g.column)
  const raw = columns.map((c) => (table.columns.find((x) => x.name === c) as { values: Cell[] }).values)
  const values: Cell[] = new Array(feature.length)
  for (let k = 0; k < feature.length; k++)
    values[k] = feature[k] >= 0 ? raw[feature[k]][Math.floor(k / TOP_CONTRIBUTIONS)] : null
  const ids = idColumn
    ? (table.columns.find((c) => c.name === idColumn) as { values: Cell[] }).values.map((v, i) =>
        v === null ? `row ${i + 1}` : String(v)
      )
    : Array.from({ length: n }, (_, i) => String(i + 1))
  return { ids, score, columns, top: feature, delta, values }
}
