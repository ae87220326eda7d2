import { before, type LearnerEvents } from './events'

export const FEATURES = [
  'tenure_days',
  'enrollments_30d',
  'enrollments_90d',
  'enrollments_prev_90d',
  'enrollments_365d',
  'days_since_last_enrollment',
  'days_since_last_activity',
  'completions',
  'completion_rate',
  'avg_price_paid',
  'max_price_paid',
  'premium_share',
  'tokens_purchased_90d',
  'token_balance',
  'survey_price_sensitivity'
] as const

const NEVER = 730

export interface Snapshot {
  cutoff: number
  /** Learner indices (into LearnerEvents) that had joined before the cutoff. */
  learners: Int32Array
  names: readonly string[]
  /** Row-major learners × features. */
  X: Float64Array
}

/**
 * Every feature as of the cutoff day, from events strictly before it (through the
 * `before` view, the only way this function reads events). Outcomes that are known
 * only later, like whether an enrollment will be completed, are not read at all:
 * completions come from the dated completion rewards instead.
 */
export function snapshotFeatures(ev: LearnerEvents, cutoff: number): Snapshot {
  const view = before(ev, cutoff)
  const F = FEATURES.length
  const learners: number[] = []
  for (let l = 0; l < ev.learners; l++) if (ev.joinDay[l] < cutoff) learners.push(l)
  const X = new Float64Array(learners.length * F)
  learners.forEach((l, r) => {
    const o = r * F
    const [es, ee] = view.range(ev.enrollments, l)
    const [ts, te] = view.range(ev.transactions, l)
    let e30 = 0
    let e90 = 0
    let ePrev = 0
    let e365 = 0
    let lastEnr = -Infinity
    let sumPrice = 0
    let maxPrice = 0
    let premium = 0
    for (let k = es; k < ee; k++) {
      const age = cutoff - ev.enrollments.day[k]
      if (age <= 30) e30++
      if (age <= 90) e90++
      else if (age <= 180) ePrev++
      if (age <= 365) e365++
      lastEnr = Math.max(lastEnr, ev.enrollments.day[k])
      sumPrice += ev.enrollments.amount[k]
      maxPrice = Math.max(maxPrice, ev.enrollments.amount[k])
      if (ev.enrollments.tier[k] > 0) premium++
    }
    let lastAct = lastEnr
    let completions = 0
    let bought90 = 0
    let balance = 0
    for (let k = ts; k < te; k++) {
      const d = ev.transactions.day[k]
      lastAct = Math.max(lastAct, d)
      balance += ev.transactions.amount[k]
      if (ev.transactions.flag[k] === 2) completions++
      if (ev.transactions.flag[k] === 1 && cutoff - d <= 90) bought90 += ev.transactions.amount[k]
    }
    const n = ee - es
    X[o] = cutoff - ev.joinDay[l]
    X[o + 1] = e30
    X[o + 2] = e90
    X[o + 3] = ePrev
    X[o + 4] = e365
    X[o + 5] = Number.isFinite(lastEnr) ? Math.min(NEVER, cutoff - lastEnr) : NEVER
    X[o + 6] = Number.isFinite(lastAct) ? Math.min(NEVER, cutoff - lastAct) : NEVER
    X[o + 7] = completions
    X[o + 8] = n ? completions / n : 0
    X[o + 9] = n ? sumPrice / n : 0
    X[o + 10] = maxPrice
    X[o + 11] = n ? premium / n : 0
    X[o + 12] = bought90
    X[o + 13] = balance
    X[o + 14] = ev.surveySensitivity[l]
  })
  return { cutoff, learners: Int32Array.from(learners), names: FEATURES, X }
}
