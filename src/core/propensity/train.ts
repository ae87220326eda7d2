import { Rng } from '../util/rng'
import { DomainError } from '../../shared/domain-error'
import { dayToIso, isoToDay } from '../util/dates'
import { CLASSIFIERS, type ClassifierKind, type Target } from '../../shared/propensity'
import { fitClassifier } from './classifiers'
import type { LearnerEvents } from './events'
import { snapshotFeatures } from './features'
import { currentDesign, design, featureNames, WINDOWS } from './labels'
import { atThreshold, auc, bestF1, brier, calibration, liftTable, prAuc, precisionAtTop } from './metrics'
import { ruleScore } from './baseline'
import { segmentSummary } from './segments'
import type { ClassifierReport, TargetReport } from '../../shared/propensity/results'

export interface PropensityPlan {
  /** ISO date; default: 60 days before the end of the data. */
  cutoff?: string
  seed: number
  folds: number
  testShare: number
}

export class PropensityError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'PropensityError'
  }
}

export function resolveCutoff(ev: LearnerEvents, cutoff?: string): number {
  const c = cutoff ? isoToDay(cutoff) : ev.lastDay - 60
  if (!Number.isFinite(c)) throw new PropensityError(`cutoff "${cutoff}" is not a date (expected YYYY-MM-DD)`)
  if (c <= ev.firstDay + 90 || c > ev.lastDay - 30)
    throw new PropensityError(
      `cutoff ${dayToIso(c)} is outside the data: it needs 90 days of history before it and 30 days after it (data runs ${dayToIso(ev.firstDay)} to ${dayToIso(ev.lastDay)})`
    )
  return c
}

export function rocPoints(score: Float64Array, y: Uint8Array): { fpr: number; tpr: number }[] {
  const pts: { fpr: number; tpr: number }[] = []
  for (let t = 1; t >= -0.001; t -= 0.05) {
    let tp = 0
    let fp = 0
    let pos = 0
    let neg = 0
    for (let i = 0; i < y.length; i++) {
      if (y[i]) pos++
      else neg++
      if (score[i] >= t) {
        if (y[i]) tp++
        else fp++
      }
    }
    pts.push({ fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0 })
  }
  return pts
}

export function scoreReport(
  name: ClassifierReport['name'],
  s: Float64Array,
  y: Uint8Array,
  cv: number | null,
  ms: number
): ClassifierReport {
  const f = bestF1(s, y)
  return {
    name,
    auc: auc(s, y),
    cv_auc: cv,
    pr_auc: prAuc(s, y),
    brier: brier(s, y),
    f1: f.f1,
    threshold: f.threshold,
    precision_at_70: atThreshold(s, y, 0.7).precision,
    precision_top_30: precisionAtTop(s, y, 0.3),
    train_ms: ms
  }
}

/**
 * One target, leak-free: features as of the cutoff, labels from the window after
 * it, split by learner; logistic regression, random forest and boosting compared by
 * cross-validated AUC, beside the rule-based score of baseline.ts.
 */
export function trainTarget(
  ev: LearnerEvents,
  target: Target,
  plan: PropensityPlan,
  clock: () => number = Date.now
): { report: TargetReport; current: CurrentScores } {
  const cutoff = resolveCutoff(ev, plan.cutoff)
  // Completion rows are enrollments of the 30 days before the cutoff: their learner is seen as of the window's start.
  const snap = snapshotFeatures(ev, target === 'completion' ? cutoff - WINDOWS.completion : cutoff)
  const lab = design(ev, snap, target, cutoff)
  const F = lab.F
  const n = lab.y.length
  const pos = lab.y.reduce((a, b) => a + b, 0)
  if (pos < 20 || n - pos < 20)
    throw new PropensityError(
      `${target}: ${pos} positives and ${n - pos} negatives among ${lab.population} at ${dayToIso(cutoff)}: at least 20 of each are needed (move the cutoff or import more history)`
    )
  const X = lab.X
  const rng = new Rng(plan.seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const testN = Math.round(n * plan.testShare)
  const testIdx = order.slice(0, testN)
  const trainIdx = order.slice(testN)
  const take = (idx: number[]) => {
    const Xs = new Float64Array(idx.length * F)
    idx.forEach((i, k) => Xs.set(X.subarray(i * F, (i + 1) * F), k * F))
    return { X: Xs, y: Uint8Array.from(idx, (i) => lab.y[i]) }
  }
  const train = take(trainIdx)
  const test = take(testIdx)
  const models: ClassifierReport[] = []
  const scores = new Map<ClassifierKind, Float64Array>()
  const fitted = new Map<ClassifierKind, ReturnType<typeof fitClassifier>>()
  for (const kind of CLASSIFIERS) {
    const t0 = clock()
    // Model choice by cross-validated AUC on the training learners.
    const cv: number[] = []
    for (let f = 0; f < plan.folds; f++) {
      const inFold = trainIdx.map((_, k) => k % plan.folds === f)
      const fitPart = take(trainIdx.filter((_, k) => !inFold[k]))
      const valPart = take(trainIdx.filter((_, k) => inFold[k]))
      const m = fitClassifier(kind, fitPart.X, fitPart.y, F, plan.seed + f)
      cv.push(auc(m.predict(valPart.X, valPart.y.length), valPart.y))
    }
    const m = fitClassifier(kind, train.X, train.y, F, plan.seed)
    fitted.set(kind, m)
    const s = m.predict(test.X, test.y.length)
    scores.set(kind, s)
    models.push(scoreReport(kind, s, test.y, cv.reduce((a, b) => a + b, 0) / cv.length, clock() - t0))
  }
  const best = [...models].sort((a, b) => (b.cv_auc ?? 0) - (a.cv_auc ?? 0))[0].name as ClassifierKind
  const bestScores = scores.get(best) as Float64Array
  const rules = Float64Array.from(testIdx, (_, k) => ruleScore(target, test.X, k * F))
  // Today's scores: the best model applied to every learner's features as of the end of the data.
  const scoringStart = clock()
  const now = snapshotFeatures(ev, ev.lastDay + 1)
  const model = fitted.get(best) as ReturnType<typeof fitClassifier>
  const Xnow = currentDesign(now, target)
  const score = model.predict(Xnow, now.learners.length)
  const scoringMs = clock() - scoringStart
  const current: CurrentScores = {
    asOf: dayToIso(ev.lastDay + 1),
    learnerIds: Int32Array.from(now.learners, (l) => ev.learnerIds[l]),
    score,
    why: contributions(model, Xnow, score, now.learners.length, featureNames(target))
  }
  const report: TargetReport = {
    target,
    scoring_ms: scoringMs,
    test: { score: Array.from(bestScores, (v) => Math.round(v * 1e4) / 1e4), label: Array.from(test.y) },
    learners_scored: current.learnerIds.length,
    cutoff: dayToIso(cutoff),
    window_days: lab.window,
    population: lab.population,
    learners: n,
    positive_rate: pos / n,
    best_model: best,
    models,
    baseline: scoreReport('rules', rules, test.y, null, 0),
    calibration: calibration(bestScores, test.y),
    lift: liftTable(bestScores, test.y),
    roc: rocPoints(bestScores, test.y),
    segments: segmentSummary(bestScores)
  }
  return { report, current }
}

/** Every learner's score for one target as of the end of the data, from the target's best model. */
export interface CurrentScores {
  asOf: string
  learnerIds: Int32Array
  score: Float64Array
  /** Why: each learner's top features by how far the score moves when that feature is set to the typical value. */
  why: Contributions
}

export const TOP_CONTRIBUTIONS = 3

export interface Contributions {
  features: string[]
  /** Per learner, TOP_CONTRIBUTIONS feature indices (−1: none) and the score change each one explains. */
  feature: Int16Array
  delta: Float32Array
  value: Float64Array
}

/**
 * Per-learner feature contributions, for any model: the score minus the score with
 * that one feature replaced by its median over learners ("how much higher is this
 * learner's score because of this feature, compared with a typical value"). One
 * prediction pass per feature; the three largest in absolute value are kept.
 */
export function contributions(
  model: { predict(X: Float64Array, n: number): Float64Array },
  X: Float64Array,
  score: Float64Array,
  n: number,
  features: string[]
): Contributions {
  const F = features.length
  const groups = features.map((_, j) => {
    const col = Array.from({ length: n }, (_, i) => X[i * F + j]).sort((a, b) => a - b)
    return { features: [j], typical: [col[Math.floor(n / 2)] ?? 0] }
  })
  const { feature, delta } = groupContributions(model, X, score, n, F, groups)
  const value = new Float64Array(feature.length)
  for (let k = 0; k < feature.length; k++)
    if (feature[k] >= 0) value[k] = X[Math.floor(k / TOP_CONTRIBUTIONS) * F + feature[k]]
  return { features, feature, delta, value }
}

/**
 * The same for groups of features (e.g. one analyst's column encoded as several
 * one-hot features): each group set at once to its typical values. Returns each
 * row's TOP_CONTRIBUTIONS group indices (−1: none) and score changes.
 */
export function groupContributions(
  model: { predict(X: Float64Array, n: number): Float64Array },
  X: Float64Array,
  score: Float64Array,
  n: number,
  F: number,
  groups: { features: number[]; typical: number[] }[]
): { feature: Int16Array; delta: Float32Array } {
  const K = TOP_CONTRIBUTIONS
  const feature = new Int16Array(n * K).fill(-1)
  const delta = new Float32Array(n * K)
  const work = Float64Array.from(X)
  groups.forEach((g, j) => {
    for (let i = 0; i < n; i++) g.features.forEach((f, k) => (work[i * F + f] = g.typical[k]))
    const s = model.predict(work, n)
    for (let i = 0; i < n; i++) {
      for (const f of g.features) work[i * F + f] = X[i * F + f]
      const d = score[i] - s[i]
      // Insert into this row's top K by |d|.
      let k = K - 1
      if (feature[i * K + k] >= 0 && Math.abs(delta[i * K + k]) >= Math.abs(d)) continue
      while (k > 0 && (feature[i * K + k - 1] < 0 || Math.abs(delta[i * K + k - 1]) < Math.abs(d))) {
        feature[i * K + k] = feature[i * K + k - 1]
        delta[i * K + k] = delta[i * K + k - 1]
        k--
      }
      feature[i * K + k] = j
      delta[i * K + k] = d
    }
  })
  return { feature, delta }
}
