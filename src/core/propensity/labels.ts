import type { LearnerEvents } from './events'
import { FEATURES, type Snapshot } from './features'
import type { Target } from '../../shared/propensity'

export const WINDOWS: Record<Target, number> = { enrollment: 30, churn: 60, completion: 30, upsell: 60 }

/** Completion rows add what is known about the enrollment itself. */
export const COMPLETION_EXTRA = ['price_paid', 'course_tier'] as const

export interface Design {
  names: string[]
  F: number
  /** Row-major rows × F. */
  X: Float64Array
  y: Uint8Array
  window: number
  population: string
}

function count(t: LearnerEvents['enrollments'], l: number, from: number, to: number): number[] {
  const out: number[] = []
  for (let k = t.offsets[l]; k < t.offsets[l + 1]; k++) if (t.day[k] >= from && t.day[k] < to) out.push(k)
  return out
}

/** Whether a target's rows are learners (one per learner) or enrollments. */
export function featureNames(target: Target): string[] {
  return target === 'completion' ? [...FEATURES, ...COMPLETION_EXTRA] : [...FEATURES]
}

/**
 * The training rows of a target, leak-free: features come from `snap` (taken at the
 * cutoff, or for completion at the start of its window), labels from after it.
 * - enrollment: enrolls in [cutoff, cutoff + 30 d), among learners who had joined;
 * - churn: no enrollment or transaction in [cutoff, cutoff + 60 d), among learners active in the 90 days before;
 * - completion: each enrollment of [cutoff − 30 d, cutoff), with the learner as of the window's start;
 *   label = it was completed (decided by then: the data runs well past it);
 * - upsell: buys a course dearer than any bought before, within 60 days, among learners who had bought one.
 */
export function design(ev: LearnerEvents, snap: Snapshot, target: Target, cutoff: number): Design {
  const names = featureNames(target)
  const F = names.length
  const base = FEATURES.length
  const w = WINDOWS[target]
  const X: number[] = []
  const y: number[] = []
  const push = (r: number, extra: number[], label: boolean) => {
    for (let f = 0; f < base; f++) X.push(snap.X[r * base + f])
    X.push(...extra)
    y.push(label ? 1 : 0)
  }
  const at = (r: number, name: (typeof FEATURES)[number]) => snap.X[r * base + FEATURES.indexOf(name)]
  snap.learners.forEach((l, r) => {
    if (target === 'enrollment') push(r, [], count(ev.enrollments, l, cutoff, cutoff + w).length > 0)
    else if (target === 'churn') {
      if (at(r, 'days_since_last_activity') > 90) return
      push(
        r,
        [],
        count(ev.enrollments, l, cutoff, cutoff + w).length +
          count(ev.transactions, l, cutoff, cutoff + w).length ===
          0
      )
    } else if (target === 'upsell') {
      const maxPrice = at(r, 'max_price_paid')
      if (!(maxPrice > 0)) return
      push(
        r,
        [],
        count(ev.enrollments, l, cutoff, cutoff + w).some((k) => ev.enrollments.amount[k] > maxPrice)
      )
    } else {
      for (const k of count(ev.enrollments, l, cutoff - w, cutoff))
        push(r, [ev.enrollments.amount[k], ev.enrollments.tier[k]], ev.enrollments.outcome[k] === 1)
    }
  })
  const population =
    target === 'enrollment'
      ? 'learners who had joined'
      : target === 'churn'
        ? 'learners active in the 90 days before the cutoff'
        : target === 'upsell'
          ? 'learners who had bought a course'
          : 'enrollments of the 30 days before the cutoff'
  return { names, F, X: Float64Array.from(X), y: Uint8Array.from(y), window: w, population }
}

/** Rows to score every learner today: completion uses the learner's usual price and tier as the next enrollment's. */
export function currentDesign(snap: Snapshot, target: Target): Float64Array {
  if (target !== 'completion') return snap.X
  const base = FEATURES.length
  const F = base + COMPLETION_EXTRA.length
  const X = new Float64Array(snap.learners.length * F)
  for (let r = 0; r < snap.learners.length; r++) {
    X.set(snap.X.subarray(r * base, (r + 1) * base), r * F)
    X[r * F + base] = snap.X[r * base + FEATURES.indexOf('avg_price_paid')]
    X[r * F + base + 1] = snap.X[r * base + FEATURES.indexOf('premium_share')]
  }
  return X
}
