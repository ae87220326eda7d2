import type { Target } from '../../../../shared/propensity'

/** The sample learners' scores, each with its label window. */
export const TARGET_LABELS: Record<Target, string> = {
  enrollment: 'Enrollment (next 30 days)',
  churn: 'Churn (no activity in 60 days)',
  completion: 'Completion (of an enrollment)',
  upsell: 'Upsell (a dearer course in 60 days)'
}
