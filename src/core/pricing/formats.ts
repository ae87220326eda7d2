import { z } from 'zod'
import { checksFieldsOf, withDefaults, type SavedFormat } from '../db/saved-json'
import { modelKindSchema } from '../elasticity/formats'
import {
  type PricingRun,
  type PricingSettings,
  type ScenarioSpec,
  CHANGE_SCOPES,
  DEMAND_KINDS,
  OBJECTIVES,
  SCENARIO_KINDS
} from '../../shared/pricing'
import { itemCostsSchema } from '../../shared/pricing/inputs'

/** The cost inputs kept with settings and runs: every cost a number ≥ 0, every share in [0, 1]. */
const costFields = {
  cost_shares: z.record(z.string(), z.number().min(0).max(1)).nullable().optional(),
  item_costs: itemCostsSchema.nullable().optional()
}

const demand = z.enum(DEMAND_KINDS)

/**
 * project_meta 'pricing_settings'. Fields are optional: settings saved before a field
 * existed lack it, and loadSettings fills it from today's defaults.
 */
export const SETTINGS_FORMAT: SavedFormat<Partial<PricingSettings>> = {
  what: 'pricing settings',
  version: 1,
  schema: checksFieldsOf<Partial<PricingSettings>>(
    z.looseObject({
      objective: z.enum(OBJECTIVES).optional(),
      min_volume_share: z.number().nullable().optional(),
      cost_share: z.number().nullable().optional(),
      ...costFields,
      guardrails: z.looseObject({}).optional(),
      strategies: z.looseObject({}).optional(),
      demand: demand.optional(),
      ignore_cross: z.boolean().optional()
    })
  )
}

/** pricing_runs.result_json: one optimization as the API and CLI return it. */
export const PRICING_RUN_FORMAT: SavedFormat<PricingRun> = {
  what: 'pricing run',
  version: 1,
  schema: checksFieldsOf<PricingRun>(
    z.looseObject({
      run_id: z.number().nullable(),
      elasticity_run_id: z.number(),
      dataset: z.string(),
      // A model kind, or the recent-levels curve when the run had no model that predicts.
      model: z.string(),
      settings: z.looseObject(costFields),
      demand,
      refused: z.string().nullable(),
      rows: z.array(z.looseObject({ item_id: z.string() })),
      portfolio: z.looseObject({}),
      warnings: z.array(z.string()),
      created_at: z.string()
    })
  ),
  // Runs saved before the causal curve and the do-no-harm refusal priced on the model's own curve and refused nothing.
  upgrade: { 0: withDefaults({ demand: 'model', refused: null }) }
}

/** pricing_scenarios.spec_json: a saved what-if. */
export const SCENARIO_FORMAT: SavedFormat<ScenarioSpec> = {
  what: 'pricing scenario',
  version: 1,
  schema: checksFieldsOf<ScenarioSpec>(
    z.looseObject({
      name: z.string(),
      kind: z.enum(SCENARIO_KINDS),
      changes: z.array(
        z.looseObject({
          scope: z.enum(CHANGE_SCOPES),
          key: z.string().nullable(),
          change_pct: z.number()
        })
      ),
      model: modelKindSchema.nullable(),
      market_growth_pct: z.number(),
      competitor_move_pct: z.number(),
      cross_elasticity: z.number(),
      demand: demand.optional(),
      ignore_cross: z.boolean().optional()
    })
  )
}
