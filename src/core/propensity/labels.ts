import type { LearnerEvents } from './events'
import type { Snapshot } from './features'

export const TARGETS = ['enrollment', 'churn', 'upsell'] as const
export type Target = (typeof TARGETS)[number]

export const WINDOWS: Record<Target, number> = { enrollment: 30, churn: 60, upsell: 60 }

export interface Labelled {
  /** Rows of the snapshot that belong to the target's population. */
  rows: Int32Array
  y: Uint8Array
  window: number
  population: string
}

function eventsIn(t: LearnerEvents['enrollments'], l: number, from: number, to: number): number[] {
  const out: number[] = []
  for (let k = t.offsets[l]; k < t.offsets[l + 1]; k++) if (t.day[k] >= from && t.day[k] < to) out.push(k)
  return out
}

/**
 * Labels from the window after the cutoff only:
 * - enrollment: enrolls in [cutoff, cutoff + 30 d), among learners who had joined;
 * - churn: no enrollment or transaction in [cutoff, cutoff + 60 d), among learners active in the 90 days before;
 * - upsell: buys a course dearer than any they bought before, within 60 days, among learners who had bought one.
 */
export function labels(ev: LearnerEvents, snap: Snapshot, target: Target): Labelled {
  const c = snap.cutoff
  const w = WINDOWS[target]
  const rows: number[] = []
  const y: number[] = []
  snap.learners.forEach((l, r) => {
    const o = r * snap.names.length
    const daysSinceActivity = snap.X[o + snap.names.indexOf('days_since_last_activity')]
    if (target === 'enrollment') {
      rows.push(r)
      y.push(eventsIn(ev.enrollments, l, c, c + w).length > 0 ? 1 : 0)
    } else if (target === 'churn') {
      if (daysSinceActivity > 90) return
      rows.push(r)
      const active =
        eventsIn(ev.enrollments, l, c, c + w).length + eventsIn(ev.transactions, l, c, c + w).length
      y.push(active === 0 ? 1 : 0)
    } else {
      const maxPrice = snap.X[o + snap.names.indexOf('max_price_paid')]
      if (!(maxPrice > 0)) return
      rows.push(r)
      y.push(eventsIn(ev.enrollments, l, c, c + w).some((k) => ev.enrollments.amount[k] > maxPrice) ? 1 : 0)
    }
  })
  const population =
    target === 'enrollment'
      ? 'learners who had joined'
      : target === 'churn'
        ? 'learners active in the 90 days before the cutoff'
        : 'learners who had bought a course'
  return { rows: Int32Array.from(rows), y: Uint8Array.from(y), window: w, population }
}
