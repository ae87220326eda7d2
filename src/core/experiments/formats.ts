import { z } from 'zod'
import { experimentDesignSchema } from '../../shared/experiments/inputs'
import { checksFieldsOf, withDefaults, type SavedFormat } from '../db/saved-json'
import type { Analysis, ExperimentDesign, PlanSummary } from '../../shared/experiments'

/** Saved experiment formats (experiments.design_json, plan_json; experiment_analyses.analysis_json). */
export const DESIGN_FORMAT: SavedFormat<ExperimentDesign> = {
  what: 'experiment design',
  version: 1,
  schema: checksFieldsOf<ExperimentDesign>(experimentDesignSchema)
}

export const PLAN_FORMAT: SavedFormat<PlanSummary> = {
  what: 'experiment plan',
  version: 1,
  schema: checksFieldsOf<PlanSummary>(
    z.looseObject({
      name: z.string(),
      seed: z.number(),
      units: z.number(),
      arms: z.record(z.string(), z.number()),
      warnings: z.array(z.string()),
      cuped: z.looseObject({}).nullable()
    })
  ),
  // Plans saved before the CUPED plan existed had no such field: no CUPED plan.
  upgrade: { 0: withDefaults({ cuped: null }) }
}

export const ANALYSIS_FORMAT: SavedFormat<Analysis> = {
  what: 'experiment analysis',
  version: 1,
  schema: checksFieldsOf<Analysis>(
    z.looseObject({
      confidence: z.number(),
      arms: z.array(z.looseObject({})),
      comparisons: z.array(z.looseObject({})),
      verdict: z.string(),
      caveats: z.array(z.string()),
      cuped: z.looseObject({}).nullable(),
      plan_check: z.looseObject({}).nullable(),
      planned_size: z.looseObject({}).nullable()
    })
  ),
  // Analyses saved before these checks existed: none was made.
  upgrade: { 0: withDefaults({ cuped: null, plan_check: null, planned_size: null }) }
}
