import { z } from 'zod'
import type { Db } from '../../core/db/port'
import { latestRun, loadRun } from '../../core/elasticity/registry'
import type { ElasticityReport } from '../../shared/elasticity/results'
import { pricingElasticities } from '../../core/pricing/causal-demand'
import { latestPricingRun } from '../../core/pricing/store'
import type { EffectModel } from '../../core/experiments/treatment'
import type { ExperimentDesign } from '../../shared/experiments'
import { SAMPLE_DATASET } from '../../core/elasticity/panel'

/**
 * Cross-price effects where an elasticity run estimated them (`cross: [{on, of, elasticity, …}]`,
 * added to runs by the cross-price work); runs without them give none, never a guess.
 */
const crossSchema = z.array(
  z.looseObject({ on: z.string(), of: z.string(), elasticity: z.number().refine(Number.isFinite) })
)

/**
 * The elasticities a plan's expected effect comes from: those the optimized prices were set with
 * (the latest price sheet's run) when an arm tests them, else the latest run on the design's data.
 * Null when there is no such run.
 */
export function effectModel(db: Db, design: ExperimentDesign): EffectModel | null {
  // Learners see the EdTech sample's course prices: its elasticities per course category.
  const dataset = design.units === 'learners' ? SAMPLE_DATASET : (design.dataset ?? SAMPLE_DATASET)
  const optimized = design.arms.some((a) => a.change.kind === 'optimized')
  const sheet = optimized ? latestPricingRun(db) : null
  let run: ElasticityReport | null = sheet ? loadRun(db, sheet.elasticity_run_id) : null
  if (!run || run.dataset !== dataset) run = latestRun(db, dataset)
  if (!run) return null
  const own = new Map<string, number>()
  for (const [segment, e] of pricingElasticities(run, run.best_model ?? ''))
    if (e.elasticity !== null) own.set(segment, e.elasticity)
  const parsed = crossSchema.safeParse((run as { cross?: unknown }).cross ?? [])
  const cross = parsed.success ? parsed.data.map(({ on, of, elasticity }) => ({ on, of, elasticity })) : []
  return { own, cross, source: 'recommended elasticities' }
}
