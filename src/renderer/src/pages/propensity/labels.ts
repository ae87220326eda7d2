import type { Target } from '../../../../shared/propensity'

/** The sample learners' scores, each with its label window. */
export const TARGET_LABELS: Record<Target, string> = {
  enrollment: 'Enrollment (next 30 days)',
  churn: 'Churn (no activity in 60 days)',
  completion: 'Completion (of an enrollment)',
  upsell: 'Upsell (a dearer course in 60 days)'
}

/**
 * The positive value as the form asks for it, in the run's terms: labels match case-insensitively ("yes"
 * trains on "Yes"), so typing "yes" for a run on "Yes" is the same choice, not a change that greys the results.
 */
export function samePositive(typed: string, ran: string): string {
  const t = typed.trim()
  return !t || t.toLowerCase() === ran.toLowerCase() ? ran : t
}
