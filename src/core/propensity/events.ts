import type { Db } from '../db/port'
import { isoToDay } from '../util/dates'

/**
 * Every learner's dated events, grouped by learner and sorted by day. Features are
 * only ever read through `before(cutoff)`, which hides everything on or after the
 * cutoff: a feature computed from the future is impossible by construction.
 */
export interface LearnerEvents {
  learners: number
  learnerIds: Int32Array
  joinDay: Int32Array
  /** Static survey answer (0–1), not a behaviour: safe at any cutoff. */
  surveySensitivity: Float64Array
  enrollments: EventTable
  transactions: EventTable
  firstDay: number
  lastDay: number
}

/** Columns of events sorted by (learner, day); offsets[l]..offsets[l+1] are learner l's. */
export interface EventTable {
  offsets: Int32Array
  day: Int32Array
  /** Enrollments: price paid. Transactions: signed amount. */
  amount: Float64Array
  /** Enrollments: unused (the completed flag is an outcome known only later). Transactions: 1 purchase, 2 completion reward. */
  flag: Uint8Array
  /** Enrollments: the course's quality tier rank (0–2). */
  tier: Uint8Array
  /** Enrollments: 1 if it was eventually completed. An outcome: labels may read it, features never do. */
  outcome: Uint8Array
}

/** A view that shows only events strictly before the cutoff day. */
export interface EventsBefore {
  cutoff: number
  /** Index range [start, end) of learner l's events in the table that happened before the cutoff. */
  range(table: EventTable, l: number): [number, number]
}

export function before(events: LearnerEvents, cutoff: number): EventsBefore {
  return {
    cutoff,
    range(t, l) {
      const start = t.offsets[l]
      let end = t.offsets[l + 1]
      while (end > start && t.day[end - 1] >= cutoff) end--
      return [start, end]
    }
  }
}

const TIERS: Record<string, number> = { Standard: 0, Premium: 1, Elite: 2 }

export function loadLearnerEvents(db: Db): LearnerEvents {
  const learners = db
    .prepare<{ learner_id: number; join_date: string; price_sensitivity: number | null }>(
      'SELECT learner_id, join_date, price_sensitivity FROM learners ORDER BY learner_id'
    )
    .all()
  if (!learners.length)
    throw new Error('the project has no learners: generate the sample data or import a learners table')
  const index = new Map(learners.map((l, i) => [l.learner_id, i]))
  const enr = db
    .prepare<{ learner_id: number; d: string; tokens_paid: number; quality_tier: string; completed: number }>(
      `SELECT e.learner_id, e.enrollment_date AS d, e.tokens_paid, c.quality_tier, e.completed
       FROM enrollments e JOIN courses c USING (course_id) ORDER BY e.learner_id, e.enrollment_date`
    )
    .all()
  const txn = db
    .prepare<{ learner_id: number; d: string; amount: number; type: string }>(
      'SELECT learner_id, transaction_date AS d, amount, type FROM token_transactions ORDER BY learner_id, transaction_date, transaction_id'
    )
    .all()
  const table = <T extends { learner_id: number; d: string }>(
    rows: T[],
    amount: (r: T) => number,
    flag: (r: T) => number,
    tier: (r: T) => number,
    outcome: (r: T) => number = () => 0
  ): EventTable => {
    const offsets = new Int32Array(learners.length + 1)
    for (const r of rows) {
      const l = index.get(r.learner_id)
      if (l !== undefined) offsets[l + 1]++
    }
    for (let l = 0; l < learners.length; l++) offsets[l + 1] += offsets[l]
    const n = offsets[learners.length]
    const t: EventTable = {
      offsets,
      day: new Int32Array(n),
      amount: new Float64Array(n),
      flag: new Uint8Array(n),
      tier: new Uint8Array(n),
      outcome: new Uint8Array(n)
    }
    const pos = offsets.slice(0, learners.length)
    for (const r of rows) {
      const l = index.get(r.learner_id)
      if (l === undefined) continue
      const k = pos[l]++
      t.day[k] = isoToDay(r.d)
      t.amount[k] = amount(r)
      t.flag[k] = flag(r)
      t.tier[k] = tier(r)
      t.outcome[k] = outcome(r)
    }
    return t
  }
  const enrollments = table(
    enr,
    (r) => r.tokens_paid,
    () => 0,
    (r) => TIERS[r.quality_tier] ?? 0,
    (r) => r.completed
  )
  const transactions = table(
    txn,
    (r) => r.amount,
    (r) => (r.type === 'purchase' ? 1 : r.type === 'reward' ? 2 : 0),
    () => 0
  )
  let first = Infinity
  let last = -Infinity
  for (const t of [enrollments, transactions])
    for (let k = 0; k < t.day.length; k++) {
      if (t.day[k] < first) first = t.day[k]
      if (t.day[k] > last) last = t.day[k]
    }
  return {
    learners: learners.length,
    learnerIds: Int32Array.from(learners, (l) => l.learner_id),
    joinDay: Int32Array.from(learners, (l) => isoToDay(l.join_date)),
    surveySensitivity: Float64Array.from(learners, (l) => l.price_sensitivity ?? 0.5),
    enrollments,
    transactions,
    firstDay: first,
    lastDay: last
  }
}
