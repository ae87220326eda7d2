import { z } from 'zod'
import type { ModelKind } from './index'

/**
 * When an elasticity run computes the debiased (DML) estimate, its heaviest extra (cross-fitted
 * nuisance models, three repeats): 'on' always, 'off' never, 'auto' (default) when the
 * recommended elasticity needs it.
 */
export const DML_MODES = ['auto', 'on', 'off'] as const
export type DmlMode = (typeof DML_MODES)[number]
export const DEFAULT_DML_MODE: DmlMode = 'auto'

/** Models whose own elasticity the recommendation never takes from the best fit (recommend.ts rule 1). */
const LINEAR: readonly ModelKind[] = ['ols']

/** What the CLI's --json reports of the debiased estimate: whether it ran, came from the cache, and why. */
export const dmlStatusSchema = z.object({
  mode: z.enum(DML_MODES),
  /** The estimate is in this run (computed now or taken from the cache). */
  ran: z.boolean(),
  /** Taken from the project's cache: same panel content and settings as an earlier run. */
  cached: z.boolean(),
  /** How long computing it took (for a cached one: when it was computed); null when not run. */
  ms: z.number().nullable(),
  reason: z.string(),
  /**
   * Computed now: how many of its cross-fitting fold tasks (repeats × folds) each training worker ran,
   * in the order the workers first ran one (the folds run on every worker of the pool).
   */
  fold_tasks_per_worker: z.array(z.number().int().nonnegative()).optional()
})
export type DmlStatus = z.infer<typeof dmlStatusSchema>

/**
 * Whether a run computes the debiased estimate. 'auto' runs it whenever a nonlinear model is
 * trained: such a model's elasticity is recommended only after it agrees with the debiased one
 * (recommend.ts). With the log-log OLS alone, the recommendation is the OLS (with item fixed
 * effects under the time holdout), so the run costs about what one regression does.
 */
export function dmlDecision(mode: DmlMode, models: readonly ModelKind[]): { run: boolean; reason: string } {
  if (mode === 'on') return { run: true, reason: 'asked for (dml on)' }
  if (mode === 'off') return { run: false, reason: 'not run: dml off' }
  const nonlinear = models.filter((m) => !LINEAR.includes(m))
  return nonlinear.length
    ? { run: true, reason: `auto: a nonlinear model (${nonlinear.join(', ')}) is checked against it` }
    : {
        run: false,
        reason:
          'not run (auto): only linear models; the recommended elasticity is the log-log OLS (dml on to add it)'
      }
}
