import type { Db } from '../db/port'
import type { ActionRule, SegmentRow } from '../../shared/propensity/results'

export const DEFAULT_ACTIONS: ActionRule[] = [
  {
    segment: 'Hot',
    discount_pct: 0,
    contact: 'weekly',
    channel: 'in-app',
    offer: 'recommend the next course'
  },
  {
    segment: 'Warm',
    discount_pct: 10,
    contact: 'every 2 weeks',
    channel: 'email',
    offer: 'bundle of two related courses'
  },
  {
    segment: 'Cold',
    discount_pct: 20,
    contact: 'weekly',
    channel: 'email + push',
    offer: 'discount voucher'
  },
  { segment: 'Dormant', discount_pct: 30, contact: 'monthly', channel: 'email', offer: 'win-back offer' }
]

/**
 * Per enrollment segment of a run: size, mean scores, token balance and completion
 * rate (from the learners table), and the action the rule table prescribes.
 */
export function segmentActions(db: Db, runId: number, rules: ActionRule[] = DEFAULT_ACTIONS): SegmentRow[] {
  const rows = db
    .prepare<{
      segment: string
      n: number
      enr: number
      churn: number | null
      sens: number | null
      balance: number
      completion: number
    }>(
      `SELECT e.segment, count(*) AS n, avg(e.score) AS enr, avg(c.score) AS churn, avg(p.score) AS sens,
              avg(l.token_balance) AS balance, avg(l.completion_rate) AS completion
       FROM learner_scores e
       JOIN learners l ON l.learner_id = e.learner_id
       LEFT JOIN learner_scores c ON c.run_id = e.run_id AND c.learner_id = e.learner_id AND c.target = 'churn'
       LEFT JOIN learner_scores p ON p.run_id = e.run_id AND p.learner_id = e.learner_id AND p.target = 'price_sensitivity'
       WHERE e.run_id = ? AND e.target = 'enrollment'
       GROUP BY e.segment`
    )
    .all(runId)
  return rules.map((r) => {
    const s = rows.find((x) => x.segment === r.segment)
    return {
      ...r,
      learners: s?.n ?? 0,
      mean_enrollment: s?.enr ?? 0,
      mean_churn: s?.churn ?? null,
      mean_price_sensitivity: s?.sens ?? null,
      mean_token_balance: s?.balance ?? 0,
      mean_completion_rate: s?.completion ?? 0
    }
  })
}
