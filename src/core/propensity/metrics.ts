/** Classification metrics on scores in [0, 1] against 0/1 labels. */
import type { ProfitPoint } from '../../shared/propensity/results'

/** Area under the ROC curve (Mann–Whitney U, ties counted half). */
export function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a] - score[b])
  let pos = 0
  let neg = 0
  for (let i = 0; i < y.length; i++) {
    if (y[i]) pos++
    else neg++
  }
  if (!pos || !neg) return NaN
  let rankSum = 0
  for (let i = 0; i < idx.length;) {
    let j = i
    while (j + 1 < idx.length && score[idx[j + 1]] === score[idx[i]]) j++
    const avgRank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) if (y[idx[k]]) rankSum += avgRank
    i = j + 1
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg)
}

/** Area under the precision–recall curve as average precision. */
export function prAuc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a])
  let pos = 0
  for (let i = 0; i < y.length; i++) pos += y[i] ? 1 : 0
  if (!pos) return NaN
  let tp = 0
  let ap = 0
  idx.forEach((i, k) => {
    if (y[i]) {
      tp++
      ap += tp / (k + 1)
    }
  })
  return ap / pos
}

export function brier(score: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < y.length; i++) s += (score[i] - y[i]) ** 2
  return s / y.length
}

export interface Confusion {
  threshold: number
  precision: number
  recall: number
  f1: number
  flagged: number
}

export function atThreshold(score: ArrayLike<number>, y: ArrayLike<number>, t: number): Confusion {
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < y.length; i++) {
    const p = score[i] >= t
    if (p && y[i]) tp++
    else if (p) fp++
    else if (y[i]) fn++
  }
  const precision = tp + fp ? tp / (tp + fp) : 0
  const recall = tp + fn ? tp / (tp + fn) : 0
  return {
    threshold: t,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    flagged: tp + fp
  }
}

/** The threshold (on a 0.01 grid) with the best F1. */
export function bestF1(score: ArrayLike<number>, y: ArrayLike<number>): Confusion {
  let best = atThreshold(score, y, 0.5)
  for (let t = 0.01; t < 1; t += 0.01) {
    const c = atThreshold(score, y, Math.round(t * 100) / 100)
    if (c.f1 > best.f1) best = c
  }
  return best
}

/** Reliability diagram: mean score and observed rate in ten equal-width bins. */
export function calibration(
  score: ArrayLike<number>,
  y: ArrayLike<number>,
  bins = 10
): { bin: number; mean_score: number; observed: number; count: number }[] {
  const s = new Float64Array(bins)
  const o = new Float64Array(bins)
  const n = new Float64Array(bins)
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.floor(score[i] * bins))
    s[b] += score[i]
    o[b] += y[i]
    n[b]++
  }
  return Array.from({ length: bins }, (_, b) => ({
    bin: b,
    mean_score: n[b] ? s[b] / n[b] : NaN,
    observed: n[b] ? o[b] / n[b] : NaN,
    count: n[b]
  })).filter((x) => x.count > 0)
}

/** Decile gains and lift: deciles of descending score, with the share of all positives captured so far. */
export function liftTable(
  score: ArrayLike<number>,
  y: ArrayLike<number>
): { decile: number; rate: number; lift: number; cumulative_gain: number }[] {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a])
  let pos = 0
  for (let i = 0; i < y.length; i++) pos += y[i] ? 1 : 0
  const base = pos / y.length
  const out: { decile: number; rate: number; lift: number; cumulative_gain: number }[] = []
  let captured = 0
  for (let d = 0; d < 10; d++) {
    const a = Math.floor((d * idx.length) / 10)
    const b = Math.floor(((d + 1) * idx.length) / 10)
    let hits = 0
    for (let k = a; k < b; k++) hits += y[idx[k]] ? 1 : 0
    captured += hits
    const rate = b > a ? hits / (b - a) : 0
    out.push({ decile: d + 1, rate, lift: base ? rate / base : 0, cumulative_gain: pos ? captured / pos : 0 })
  }
  return out
}

/**
 * The offer threshold that pays: flag everyone scoring at least t, spend `offerCost`
 * per flagged learner, gain `retainedValue` per flagged learner who is a positive
 * (e.g. would have churned and is kept). Returns the profit curve on a 0.01 grid and its best point.
 */
export function profitCurve(
  score: ArrayLike<number>,
  y: ArrayLike<number>,
  offerCost: number,
  retainedValue: number
): { best: ProfitPoint; curve: ProfitPoint[] } {
  const curve: ProfitPoint[] = []
  for (let k = 0; k <= 100; k++) {
    const t = k / 100
    let tp = 0
    let flagged = 0
    for (let i = 0; i < y.length; i++)
      if (score[i] >= t) {
        flagged++
        if (y[i]) tp++
      }
    curve.push({ threshold: t, flagged, profit: tp * retainedValue - flagged * offerCost })
  }
  const best = curve.reduce((a, b) => (b.profit > a.profit ? b : a), curve[curve.length - 1])
  return { best, curve }
}

/** Precision among the top share of scores. */
export function precisionAtTop(score: ArrayLike<number>, y: ArrayLike<number>, share: number): number {
  const idx = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a])
  const k = Math.max(1, Math.round(idx.length * share))
  let hits = 0
  for (let i = 0; i < k; i++) hits += y[idx[i]] ? 1 : 0
  return hits / k
}

/** Expected calibration error: the count-weighted mean |mean score − observed rate| over ten equal-width bins. */
export function ece(score: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  return calibration(score, y, bins).reduce(
    (s, b) => s + (b.count / y.length) * Math.abs(b.mean_score - b.observed),
    0
  )
}
