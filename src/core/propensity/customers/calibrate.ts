import { sigmoid } from '../../util/rng'
import type { CalibrationMethod } from '../../../shared/propensity'
import { ece as eceOf } from '../metrics'

export interface Calibrator {
  method: CalibrationMethod
  apply(score: Float64Array): Float64Array
}

const clampP = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p))
const logit = (p: number) => Math.log(clampP(p) / (1 - clampP(p)))

/** Platt scaling: a one-feature logistic regression on the score's log-odds (Newton steps). */
export function fitPlatt(score: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  let a = 1
  let b = 0
  const n = y.length
  const z = Float64Array.from({ length: n }, (_, i) => logit(score[i]))
  for (let it = 0; it < 50; it++) {
    let ga = 0
    let gb = 0
    let haa = 1e-9
    let hab = 0
    let hbb = 1e-9
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b)
      const r = y[i] - p
      const w = p * (1 - p)
      ga += r * z[i]
      gb += r
      haa += w * z[i] * z[i]
      hab += w * z[i]
      hbb += w
    }
    const det = haa * hbb - hab * hab
    if (!(det > 0)) break
    const da = (hbb * ga - hab * gb) / det
    const db = (haa * gb - hab * ga) / det
    a += da
    b += db
    if (Math.abs(da) + Math.abs(db) < 1e-10) break
  }
  return { method: 'platt', apply: (s) => s.map((v) => sigmoid(a * logit(v) + b)) }
}

/** Isotonic regression (pool adjacent violators) of the label on the score; a step function, interpolated linearly. */
export function fitIsotonic(score: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a] - score[b])
  const xs: number[] = []
  const means: number[] = []
  const weights: number[] = []
  for (const i of idx) {
    xs.push(score[i])
    means.push(y[i])
    weights.push(1)
    while (means.length > 1 && means[means.length - 2] >= means[means.length - 1]) {
      const w = weights[weights.length - 2] + weights[weights.length - 1]
      const m =
        (means[means.length - 2] * weights[weights.length - 2] +
          means[means.length - 1] * weights[weights.length - 1]) /
        w
      means.pop()
      weights.pop()
      xs.pop()
      means[means.length - 1] = m
      weights[weights.length - 1] = w
    }
  }
  // Each block is represented by the mean score of its rows for interpolation.
  const centers: number[] = []
  let k = 0
  for (const w of weights) {
    let s = 0
    for (let j = 0; j < w; j++) s += score[idx[k + j]]
    centers.push(s / w)
    k += w
  }
  const at = (v: number): number => {
    if (v <= centers[0]) return means[0]
    const last = centers.length - 1
    if (v >= centers[last]) return means[last]
    let lo = 0
    let hi = last
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (centers[mid] <= v) lo = mid
      else hi = mid
    }
    const t = (v - centers[lo]) / (centers[hi] - centers[lo] || 1)
    return means[lo] + t * (means[hi] - means[lo])
  }
  return { method: 'isotonic', apply: (s) => s.map(at) }
}

/** Held-out ECE of the scores left as they are and of each calibrator (cross-fitted over the validation folds). */
export interface CalibrationEce {
  uncalibrated: number
  platt: number
  isotonic: number
}

/** What chooseCalibrator decided: the better calibrator, its Brier losses and ECEs, and whether it is kept. */
export interface CalibrationChoice {
  /** The better of Platt and isotonic by held-out Brier score (the candidate, kept or not). */
  candidate: Calibrator
  brier: Record<CalibrationMethod, number>
  ece: CalibrationEce
  /** The candidate is applied only when it lowers the held-out ECE; else the scores stay as they are. */
  kept: boolean
  /** The candidate when kept, else the identity. */
  calibrator: Calibrator | null
}

/**
 * Platt or isotonic, whichever has the lower Brier score on held-out validation
 * folds of the out-of-fold scores (each calibrator fitted on the other folds);
 * the winner is then refitted on all of them. It is kept only when its held-out
 * ECE (the validation folds' calibrated scores pooled, each calibrated by a fit on
 * the other folds: never the rows it was fitted on) is below that of the scores
 * left as they are: a calibration that makes an already calibrated model worse
 * (0.028 → 0.032 on a test set) is not applied.
 */
export function chooseCalibrator(
  score: Float64Array,
  y: Uint8Array,
  fold: Int32Array,
  folds: number
): CalibrationChoice {
  const loss: Record<CalibrationMethod, number> = { platt: 0, isotonic: 0 }
  const heldOut: Record<CalibrationMethod, Float64Array> = {
    platt: new Float64Array(y.length),
    isotonic: new Float64Array(y.length)
  }
  for (let f = 0; f < folds; f++) {
    const fit = (inFold: boolean) => {
      const idx: number[] = []
      for (let i = 0; i < y.length; i++) if ((fold[i] === f) === inFold) idx.push(i)
      return { idx, s: Float64Array.from(idx, (i) => score[i]), y: Uint8Array.from(idx, (i) => y[i]) }
    }
    const tr = fit(false)
    const va = fit(true)
    for (const c of [fitPlatt(tr.s, tr.y), fitIsotonic(tr.s, tr.y)]) {
      const p = c.apply(va.s)
      let b = 0
      for (let i = 0; i < p.length; i++) {
        b += (p[i] - va.y[i]) ** 2
        heldOut[c.method][va.idx[i]] = p[i]
      }
      loss[c.method] += b / y.length
    }
  }
  const method: CalibrationMethod = loss.isotonic < loss.platt ? 'isotonic' : 'platt'
  const candidate = method === 'platt' ? fitPlatt(score, y) : fitIsotonic(score, y)
  const ece: CalibrationEce = {
    uncalibrated: eceOf(score, y),
    platt: eceOf(heldOut.platt, y),
    isotonic: eceOf(heldOut.isotonic, y)
  }
  const kept = ece[method] < ece.uncalibrated
  return { candidate, brier: loss, ece, kept, calibrator: kept ? candidate : null }
}
