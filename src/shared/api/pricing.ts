/** The pricing calls and their schemas: settings (guardrails, strategies), optimization, scenarios, bundles. */
import { z } from 'zod'
import { MODEL_KINDS } from '../elasticity'
import type { PricingRun, PricingSettings } from '../../core/pricing/store'
import type { ScenarioResult, ScenarioSpec } from '../../core/pricing/scenarios'
import type { BundleQuote } from '../../core/pricing/strategies'
import type { ExportedFile } from './common'

const share = z.number().min(0).max(10)
const positivePrice = z.number().positive().finite()

export const guardrailsSchema = z.strictObject({
  min_price: positivePrice.nullable(),
  max_price: positivePrice.nullable(),
  max_increase: share.nullable(),
  max_decrease: z.number().min(0).max(0.99).nullable(),
  margin_floor: share.nullable(),
  competitor_band: share.nullable(),
  competitor_band_abs: z.number().min(0).max(1e9).nullable(),
  stay_in_observed: z.boolean(),
  ladder: z.strictObject({ tiers: z.array(z.string().min(1)).min(2).max(20), min_gap: share }).nullable(),
  category_avg_change: share.nullable(),
  rounding: z.strictObject({
    rule: z.enum(['auto', 'none', 'cent', 'whole', '99', '95', '49', '9']),
    direction: z.enum(['nearest', 'up', 'down'])
  }),
  locked: z.array(z.string().min(1).max(200)).max(100_000)
})

const multiplier = z.number().positive().max(10)
export const strategiesSchema = z.strictObject({
  elasticity: z.strictObject({
    inelastic_above: z.number(),
    inelastic_mult: multiplier,
    elastic_below: z.number(),
    elastic_mult: multiplier
  }),
  competitive: z.strictObject({
    high_ratio: z.number().positive(),
    high_mult: multiplier,
    low_ratio: z.number().positive(),
    low_mult: multiplier
  }),
  lifecycle: z.strictObject({
    early_weeks: z.number().min(0),
    early_mult: multiplier,
    mature_weeks: z.number().min(0),
    mature_mult: multiplier
  }),
  time: z.strictObject({
    peak_index: z.number().positive(),
    peak_mult: multiplier,
    slump_index: z.number().positive(),
    slump_mult: multiplier
  }),
  weights: z.strictObject({
    elasticity: z.number().min(0),
    competitive: z.number().min(0),
    lifecycle: z.number().min(0),
    time: z.number().min(0)
  })
})

export const pricingSettingsSchema = z.strictObject({
  objective: z.enum(['revenue', 'margin']),
  min_volume_share: z.number().min(0).max(2).nullable(),
  cost_share: z.number().min(0).max(1).nullable(),
  guardrails: guardrailsSchema,
  strategies: strategiesSchema,
  /** causal: model baseline × (p/p₀)^ε with the recommended elasticity; model: the model's own curve. */
  demand: z.enum(['causal', 'model']).default('causal')
})

export const scenarioSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['changes', 'optimized', 'personalized']),
  changes: z
    .array(
      z.strictObject({
        scope: z.enum(['all', 'category', 'item']),
        key: z.string().max(200).nullable(),
        change_pct: z.number().gt(-100).max(1000)
      })
    )
    .max(10_000),
  model: z.enum(MODEL_KINDS).nullable(),
  market_growth_pct: z.number().min(-100).max(1000),
  competitor_move_pct: z.number().min(-100).max(1000),
  cross_elasticity: z.number().min(-10).max(10),
  notes: z.string().max(2000),
  /** causal (default): the model's baseline × (p/p₀)^ε; model: the model's own curve. */
  demand: z.enum(['causal', 'model']).optional(),
  /** The dataset the scenario was written for (listed only while pricing it); none: the EdTech sample. */
  dataset: z.string().min(1).max(200).optional()
})

export const pricingCalls = {
  'pricing:settings': { input: z.strictObject({}), output: {} as PricingSettings },
  'pricing:saveSettings': {
    input: z.strictObject({ settings: pricingSettingsSchema }),
    output: {} as PricingSettings
  },
  'pricing:optimize': {
    input: z.strictObject({
      runId: z.number().int().positive().optional(),
      model: z.enum(MODEL_KINDS).optional(),
      settings: pricingSettingsSchema.optional(),
      /** false: these settings apply to this run only (the CLI); default true (the Pricing page saves them). */
      save: z.boolean().optional(),
      /** Columns whose combination is the item (e.g. store, brand); default: the item column, else the segment. */
      itemBy: z.array(z.string().min(1).max(200)).min(1).max(5).optional()
    }),
    output: {} as PricingRun
  },
  'pricing:run': { input: z.strictObject({}), output: {} as PricingRun | null },
  'pricing:export': { input: z.strictObject({ bom: z.boolean().optional() }), output: {} as ExportedFile },
  'pricing:scenarios': { input: z.strictObject({}), output: [] as ScenarioSpec[] },
  'pricing:saveScenario': {
    input: z.strictObject({ scenario: scenarioSchema }),
    output: [] as ScenarioSpec[]
  },
  'pricing:deleteScenario': {
    input: z.strictObject({ name: z.string().min(1).max(100) }),
    output: [] as ScenarioSpec[]
  },
  'pricing:compare': {
    input: z.strictObject({
      names: z.array(z.string().min(1).max(100)).min(1).max(4).optional(),
      scenarios: z.array(scenarioSchema).min(1).max(4).optional(),
      items: z.boolean().optional()
    }),
    output: [] as ScenarioResult[]
  },
  'pricing:bundle': {
    input: z.strictObject({
      items: z.array(z.string().min(1).max(200)).min(2).max(50),
      discount: z.number().min(0).lt(1)
    }),
    output: {} as BundleQuote
  }
} as const
