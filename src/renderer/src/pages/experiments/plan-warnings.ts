import type { PlanSummary } from '../../../../shared/experiments'

/**
 * The plan's warnings less the one the power line above them already says: when the test is too
 * small, the power result carries the same message, and the analyst should read it once.
 */
export function planWarnings(plan: Pick<PlanSummary, 'warnings' | 'power'>): string[] {
  const p = plan.power
  if (p.enough !== false || !p.message) return plan.warnings
  return plan.warnings.filter((w) => !w.endsWith(p.message))
}
