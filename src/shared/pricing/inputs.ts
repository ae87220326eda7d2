/** The pricing calls' input schemas: settings (guardrails, strategies) and scenarios; the core's types are their outputs. */
import { z } from 'zod'
import { MODEL_KINDS } from '../elasticity'
import {
  CHANGE_SCOPES,
  DEFAULT_DEMAND,
  DEMAND_KINDS,
  OBJECTIVES,
  ROUNDING_DIRECTIONS,
  ROUNDING_RULES,
  SCENARIO_KINDS
} from './lists'

const share = z.number().min(0).max(10)
const positivePrice = z.number().positive().finite()

/**
 * Every limit the analyst can put on a recommended price. Percentages are written
 * as fractions (0.2 = 20%). Null means "no such limit". The core's `Guardrails` type
 * is this schema's output.
 */
export const guardrailsSchema = z.strictObject({
  min_price: positivePrice.nullable(),
  max_price: positivePrice.nullable(),
  /** Largest increase over today's price, e.g. 0.2. */
  max_increase: share.nullable(),
  /** Largest decrease below today's price, e.g. 0.2. */
  max_decrease: z.number().min(0).max(0.99).nullable(),
  /** Price at least cost × (1 + floor) where a cost is known; applied last, it always wins. */
  margin_floor: share.nullable(),
  /** Stay within ± this share of the reference price (a mapped competitor price, else the category average). */
  competitor_band: share.nullable(),
  /** Stay within ± this many price units of the reference price. */
  competitor_band_abs: z.number().min(0).max(1e9).nullable(),
  /** Keep the search inside the price range observed for each item (demand outside it is a guess). */
  stay_in_observed: z.boolean(),
  /** Tiers in ascending order and the minimum gap between consecutive tiers of one product line. */
  ladder: z.strictObject({ tiers: z.array(z.string().min(1)).min(2).max(20), min_gap: share }).nullable(),
  /** The average change of a category stays within ± this share. */
  category_avg_change: share.nullable(),
  rounding: z.strictObject({
    rule: z.enum(ROUNDING_RULES),
    direction: z.enum(ROUNDING_DIRECTIONS),
    /** The price step of rule 'step' (e.g. 0.05, 0.25): prices land on multiples of it. */
    step: z.number().positive().max(1e6).finite().nullable().optional()
  }),
  /** Items whose price must not change. */
  locked: z.array(z.string().min(1).max(200)).max(100_000)
})
export type Guardrails = z.output<typeof guardrailsSchema>

const multiplier = z.number().positive().max(10)
/**
 * The rule-based pricing strategies (thresholds, multipliers, blend weights); the core's
 * `StrategyConfig` is this schema's output. Every value is editable; each price says which
 * strategy moved it and by how much.
 */
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
  /** The blend: elasticity, competitive and lifecycle are weighted; time-based applies on top. */
  weights: z.strictObject({
    elasticity: z.number().min(0),
    competitive: z.number().min(0),
    lifecycle: z.number().min(0),
    time: z.number().min(0)
  })
})
export type StrategyConfig = z.output<typeof strategiesSchema>

/** One row of an imported per-item cost table: the item, its unit cost and the file's line it came from. */
export const itemCostSchema = z.strictObject({
  item: z.string().min(1).max(200),
  cost: z.number().min(0).finite(),
  line: z.number().int().positive()
})

/**
 * A per-item cost table (CSV: an item column and a cost column), read once and kept with the
 * settings and every run priced with it: its file's name, the two columns it read and its rows.
 */
export const itemCostsSchema = z.strictObject({
  file: z.string().min(1).max(1000),
  item_column: z.string().min(1).max(200),
  cost_column: z.string().min(1).max(200),
  rows: z.array(itemCostSchema).min(1).max(1_000_000)
})
export type ItemCosts = z.output<typeof itemCostsSchema>

/** The pricing choices saved in the project (the pipeline and the next session start from them). */
export const pricingSettingsSchema = z.strictObject({
  objective: z.enum(OBJECTIVES),
  min_volume_share: z.number().min(0).max(2).nullable(),
  /** Unit cost as a share of today's price, for margin where the data maps no cost. */
  cost_share: z.number().min(0).max(1).nullable(),
  /**
   * Unit cost as a share of today's price per segment (e.g. {"Tropicana": 0.55}); "other" (where no
   * segment has that name) stands for every segment not listed. Wins over cost_share.
   */
  cost_shares: z.record(z.string().min(1).max(200), z.number().min(0).max(1)).nullable().default(null),
  /** A per-item cost table; wins over a mapped cost column and the cost shares. */
  item_costs: itemCostsSchema.nullable().default(null),
  guardrails: guardrailsSchema,
  strategies: strategiesSchema,
  /** causal: model baseline × (p/p₀)^ε with the recommended elasticity; model: the model's own curve. */
  demand: z.enum(DEMAND_KINDS).default(DEFAULT_DEMAND),
  /** Leave the elasticity run's cross-price effects out of the demand (to see what they change). */
  ignore_cross: z.boolean().default(false)
})
export type PricingSettings = z.output<typeof pricingSettingsSchema>

/** A price change by item, by category, or for everything ("all +5%"); the most specific one applies. */
const scenarioChangeSchema = z.strictObject({
  scope: z.enum(CHANGE_SCOPES),
  key: z.string().max(200).nullable(),
  change_pct: z.number().gt(-100).max(1000)
})
export type ScenarioChange = z.output<typeof scenarioChangeSchema>

/** A named what-if: price changes plus market assumptions, forecast with one saved model. */
export const scenarioSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(SCENARIO_KINDS),
  changes: z.array(scenarioChangeSchema).max(10_000),
  /** Model kind from the elasticity run (null: the run's best). */
  model: z.enum(MODEL_KINDS).nullable(),
  market_growth_pct: z.number().min(-100).max(1000),
  competitor_move_pct: z.number().min(-100).max(1000),
  /** How much our demand moves per 1% competitor price move (a cross elasticity; an assumption). */
  cross_elasticity: z.number().min(-10).max(10),
  notes: z.string().max(2000),
  /** causal (default): the model's baseline × (p/p₀)^ε; model: the model's own curve. */
  demand: z.enum(DEMAND_KINDS).optional(),
  /** Leave the elasticity run's cross-price effects out: other items' volumes do not move. */
  ignore_cross: z.boolean().optional(),
  /** The dataset the scenario was written for (listed only while pricing it); none: the EdTech sample. */
  dataset: z.string().min(1).max(200).optional()
})
export type ScenarioSpec = z.output<typeof scenarioSchema>
