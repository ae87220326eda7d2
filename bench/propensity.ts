import { join } from 'node:path'
import { Backend } from '../src/backend/backend'

/** Leak-free propensity on the default sample: AUC/F1 per target against the seed's targets, and scoring speed. */
export async function benchPropensity(tmp: string): Promise<Record<string, unknown>> {
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(join(tmp, 'elasticity.pricelab'), { create: false })
  const t0 = performance.now()
  const run = await b.call('propensity:train', { jobId: 'p', seed: 42 })
  const wall = performance.now() - t0
  b.close()
  const round = (x: number) => Math.round(x * 1000) / 1000
  return {
    wall_ms: Math.round(wall),
    cutoff: run.cutoff,
    targets: run.targets.map((t) => {
      const best = t.models.find((m) => m.name === t.best_model)!
      return {
        target: t.target,
        best_model: t.best_model,
        auc: round(best.auc),
        f1: round(best.f1),
        precision_at_70: round(best.precision_at_70),
        baseline_auc: round(t.baseline.auc),
        scoring_ms: t.scoring_ms,
        learners_scored: t.learners_scored
      }
    }),
    targets_to_beat: { enrollment_auc: 0.8, churn_auc: 0.8, f1: 0.75, scoring_ms_10k_learners: 500 },
    price_sensitivity: run.price_sensitivity
  }
}
