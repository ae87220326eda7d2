import { FEATURES } from './features'
import type { Target } from '../../shared/propensity'

const at = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name)
const clip = (x: number) => Math.min(1, Math.max(0, x))

/**
 * Transparent weighted scores (the rule of thumb a team would use without a model), kept as a baseline beside the learned
 * models. Enrollment: recency 30%, engagement 25%, financial 20%, success 15%,
 * satisfaction 10%. Churn: inactivity 35%, engagement decline 25%, completion 20%,
 * financial 10%, satisfaction 10%. (No leak-free rating exists at the cutoff, so
 * satisfaction is neutral, 0.5.) Completion, which such rules usually leave out: past
 * completion rate 50%, engagement 30%, recency 20%.
 */
export function ruleScore(target: Target, x: Float64Array, o: number): number {
  const recency = 1 - clip(x[o + at('days_since_last_enrollment')] / 180)
  const engagement = clip(x[o + at('enrollments_90d')] / 3)
  const financial = clip(x[o + at('token_balance')] / 200)
  const success = x[o + at('completion_rate')]
  if (target === 'completion') return 0.5 * success + 0.3 * engagement + 0.2 * recency
  if (target === 'churn') {
    const inactivity = clip(x[o + at('days_since_last_activity')] / 60)
    const prev = x[o + at('enrollments_prev_90d')]
    const decline = prev > 0 ? clip((prev - x[o + at('enrollments_90d')]) / prev) : 0
    return 0.35 * inactivity + 0.25 * decline + 0.2 * (1 - success) + 0.1 * (1 - financial) + 0.1 * 0.5
  }
  return 0.3 * recency + 0.25 * engagement + 0.2 * financial + 0.15 * success + 0.1 * 0.5
}
