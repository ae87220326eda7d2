/** The pricing calls' output schemas (price sheet, run, scenario forecast, bundle); every result type is inferred from them. */
import { z } from 'zod'
import { COST_SOURCES, DEMAND_KINDS, DIGEST_SOURCES, OBJECTIVES, OWN_SOURCES, SCENARIO_KINDS } from './lists'
import { pricingSettingsSchema, scenarioSchema } from './inputs'

/**
 * The unit a dataset's prices are in. The EdTech sample prices in tokens; an
 * imported dataset prices in a currency whose number of decimals comes from the
 * data itself (prices with cents → 2 decimals, whole prices → 0). Every price
 * the optimizer writes has at most `decimals` decimals.
 */
export const priceUnitSchema = z.object({
  kind: z.enum(['currency', 'tokens']),
  decimals: z.number(),
  /** How amounts are named in the UI, CLI and report: "tokens" or "currency". */
  label: z.string(),
  /** Short form for narrow cells ("tk"; "" for a currency, whose symbol the data does not say). */
  short: z.string(),
  /**
   * The data's own price grid where it is not the unit's step (prices on 0.05, or ending in .99):
   * 'auto' rounding lands on step·k + offset. Absent: the unit's step.
   */
  grid: z.object({ step: z.number().positive(), offset: z.number().min(0) }).optional()
})
export type PriceUnit = z.infer<typeof priceUnitSchema>

/** Which rule set a price's lower or upper bound (the most restrictive one wins). */
export const BOUND_RULES = [
  'min_price',
  'max_price',
  'max_increase',
  'max_decrease',
  'observed_range',
  'competitor_band',
  'margin_floor',
  'locked',
  'conflict'
] as const
export type BoundRule = (typeof BOUND_RULES)[number]

/**
 * Why a recommended price is where it is: a bound, a portfolio rule, a flag, or the optimum itself (null).
 * no_harm: kept at today's price, the rounded or post-processed price predicted less than today's;
 * rounding: the rounding rule has no price nearer the optimum inside the guardrails.
 */
export const bindingSchema = z
  .enum([
    ...BOUND_RULES,
    'ladder',
    'category_average',
    'volume_floor',
    'positive_elasticity',
    'no_harm',
    'rounding'
  ])
  .nullable()
export type Binding = z.infer<typeof bindingSchema>

/** One row of the price sheet; field names are the CSV's and the CLI's. */
export const priceRowSchema = z.object({
  item_id: z.string(),
  name: z.string(),
  category: z.string(),
  tier: z.string().nullable(),
  current_price: z.number(),
  recommended_price: z.number(),
  change_pct: z.number(),
  /** Predicted quantity per period at today's and at the recommended price (the sheet's neutral names). */
  quantity_before: z.number(),
  quantity_after: z.number(),
  /** The same quantities under the EdTech sample's names (kept for the sample's sheet and older readers). */
  enrollments_before: z.number(),
  enrollments_after: z.number(),
  revenue_before: z.number(),
  revenue_after: z.number(),
  margin_before: z.number().nullable(),
  margin_after: z.number().nullable(),
  /** The blended strategies' price (inside the guardrails), shown beside the optimizer's. */
  strategy_price: z.number(),
  reasoning: z.string(),
  binding_guardrail: bindingSchema,
  out_of_observed_range: z.boolean(),
  observed_min: z.number(),
  observed_max: z.number(),
  /** "tokens" or "currency with 2 decimals": the unit of every price in the row. */
  price_unit: z.string(),
  /**
   * The elasticity the row was priced with (its own where pooled, else its segment's) and its
   * 90% interval: on the causal curve q = quantity_before · (p / current_price)^elasticity.
   * Absent in runs saved before the workbook export; null where there is none (a flat curve).
   */
  elasticity: z.number().nullable().optional(),
  elasticity_low: z.number().nullable().optional(),
  elasticity_high: z.number().nullable().optional(),
  /**
   * Whose elasticity it is: the item's own (partially pooled), its segment's, or `pooled` where the
   * segment's own price effect is not identified and the identified segments' pooled estimate
   * stands in (issue 25).
   */
  elasticity_source: z.enum(['item', 'segment', 'pooled']).nullable().optional(),
  /** The unit cost the margins use (absent in older runs; null: no cost). */
  cost: z.number().nullable().optional(),
  /** Where that cost came from (absent in older runs; null: no cost). */
  cost_source: z.enum(COST_SOURCES).nullable().optional()
})
export type PriceRow = z.infer<typeof priceRowSchema>

export const intervalSchema = z.object({ low: z.number(), high: z.number() })
export type Interval = z.infer<typeof intervalSchema>

export const portfolioSchema = z.object({
  items: z.number(),
  items_changed: z.number(),
  items_up: z.number(),
  items_down: z.number(),
  current_revenue: z.number(),
  optimized_revenue: z.number(),
  revenue_interval: intervalSchema.nullable(),
  uplift_pct: z.number(),
  uplift_interval: intervalSchema.nullable(),
  current_enrollments: z.number(),
  optimized_enrollments: z.number(),
  enrollments_interval: intervalSchema.nullable(),
  current_quantity: z.number(),
  optimized_quantity: z.number(),
  current_margin: z.number().nullable(),
  optimized_margin: z.number().nullable(),
  margin_interval: intervalSchema.nullable(),
  /**
   * The headline in the objective's terms (issue 25): the objective the sheet maximized, its change
   * over today's in % and that change's interval; the margin's change and interval in % beside it
   * (null without a cost). Absent on runs saved before they existed.
   */
  objective: z.enum(OBJECTIVES).optional(),
  objective_change_pct: z.number().optional(),
  objective_interval: intervalSchema.nullable().optional(),
  margin_change_pct: z.number().nullable().optional(),
  margin_change_interval: intervalSchema.nullable().optional(),
  guardrail_hits: z.record(z.string(), z.number()),
  out_of_range: z.number()
})
export type Portfolio = z.infer<typeof portfolioSchema>

export const strategyOutcomeSchema = z.object({
  strategy: z.string(),
  revenue: z.number(),
  margin: z.number().nullable(),
  enrollments: z.number(),
  revenue_change_pct: z.number(),
  /** The margin's change over today's prices in % (null without a cost). */
  margin_change_pct: z.number().nullable().optional(),
  /** The change of the objective in use, in % (what the strategy chart plots). */
  objective_change_pct: z.number().optional(),
  items_changed: z.number(),
  /** Items whose strategy price a guardrail moved. */
  items_clamped: z.number()
})
export type StrategyOutcome = z.infer<typeof strategyOutcomeSchema>

export const categoryImpactSchema = z.object({
  category: z.string(),
  items: z.number(),
  revenue_before: z.number(),
  revenue_after: z.number(),
  revenue_change: z.number(),
  avg_price_change_pct: z.number()
})
export type CategoryImpact = z.infer<typeof categoryImpactSchema>

/**
 * A corner solution: the objective has no best price inside the guardrails, so a
 * guardrail, not the demand curve, decides most of the sheet. Revenue with elastic
 * demand (ε < −1) keeps rising as price falls; so does a margin whose cost is
 * negligible against the price. Named so that an analyst does not read a guardrail's
 * width as an optimum.
 */
export const cornerSchema = z.object({
  /** The guardrail that decides most changed prices (max_decrease, observed_range, …). */
  guardrail: z.string(),
  /** Changed items whose price sits on that guardrail. */
  items: z.number(),
  /** One plain sentence: what happens and what would change it. */
  reason: z.string()
})
export type Corner = z.infer<typeof cornerSchema>

/** One point of the objective against the width of the deciding guardrail. */
export const cornerPointSchema = z.object({
  /** The guardrail's width as a fraction (0.2 = ±20%). */
  width: z.number(),
  /** The objective's change over today's prices in %, at that width. */
  change_pct: z.number()
})
export type CornerPoint = z.infer<typeof cornerPointSchema>

/**
 * The price grid the sheet's prices land on: inferred from the observed prices (the common step,
 * charm endings where most prices have them) or set by the rounding rule; in words for the page.
 */
export const priceGridSchema = z.object({
  /** Allowed prices are step·k + offset (0.05·k; 1·k + 0.99 for prices ending in .99). */
  step: z.number(),
  offset: z.number(),
  /** The charm ending, where the grid has one. */
  ending: z.enum(['99', '95', '49']).nullable(),
  /** Share of the observed prices (rows) on this grid. */
  share_on_grid: z.number(),
  /** inferred: 'auto' follows the data; rule: the rounding rule chosen overrides it. */
  source: z.enum(['inferred', 'rule']),
  /** One sentence for the page, the CLI and the report. */
  sentence: z.string()
})
export type PriceGrid = z.infer<typeof priceGridSchema>

/** Where the unit costs came from: items per source, and what a cost table matched. */
export const costSummarySchema = z.object({
  /** Items per cost source (cost_table, cost_column, segment_share, cost_share). */
  sources: z.record(z.string(), z.number()),
  /** Items without any cost. */
  without_cost: z.number(),
  table: z
    .object({
      file: z.string(),
      rows: z.number(),
      matched: z.number(),
      /** The table's items that are not in the dataset (first 20, with their lines) and how many. */
      unknown_items: z.array(z.object({ item: z.string(), line: z.number() })),
      unknown_count: z.number(),
      /** The dataset's items the table has no cost for (first 20) and how many. */
      missing_items: z.array(z.string()),
      missing_count: z.number()
    })
    .nullable()
})
export type CostSummary = z.infer<typeof costSummarySchema>

export const recommendationSchema = z.object({
  /** The unit of every price and amount in it. */
  unit: priceUnitSchema,
  /** How demand was computed: the causal curve (the model's baseline × (p/p₀)^ε) or one model's own. */
  demand: z.enum(DEMAND_KINDS),
  demand_label: z.string(),
  /** Set when the sheet predicts less of the objective than today's prices: the reason; such a sheet is not exported. */
  refused: z.string().nullable(),
  /** The uplift interval includes a loss against today's prices. */
  uncertain: z.boolean(),
  rows: z.array(priceRowSchema),
  portfolio: portfolioSchema,
  comparison: z.array(strategyOutcomeSchema),
  categories: z.array(categoryImpactSchema),
  warnings: z.array(z.string()),
  evaluations: z.number(),
  /** Set when a guardrail, not the demand curve, decides most changed prices (absent on older runs). */
  corner: cornerSchema.nullable().optional(),
  /** The objective's change against the deciding guardrail's width, where it has one. */
  corner_curve: z.array(cornerPointSchema).nullable().optional(),
  /** The dataset's segment column ('all' without one): the sheet's header for each row's `category` (added, issue 28; absent in older runs). */
  segment_name: z.string().optional(),
  /** The grid the new prices are on and why (issue 25; absent in older runs). */
  price_grid: priceGridSchema.optional(),
  /** Where each item's cost came from, in sum (absent in older runs). */
  costs: costSummarySchema.optional()
})
export type Recommendation = z.infer<typeof recommendationSchema>

/** What one optimization produced, as stored and as the API and CLI return it. */
export const pricingRunSchema = recommendationSchema.extend({
  run_id: z.number().nullable(),
  elasticity_run_id: z.number(),
  dataset: z.string(),
  model: z.string(),
  settings: pricingSettingsSchema,
  /** Sample data only: the true revenue of these prices as a share of the true optimum within the same guardrails. */
  true_revenue_share_of_optimum: z.number().nullable(),
  /**
   * Which own elasticities priced the sheet (added, issue 24): \`cross_own\` (each segment's own
   * elasticity estimated jointly with the cross terms the demand applies), \`recommended\` (the run's
   * recommended, debiased estimates: no cross terms applied), \`model\` (a model's own curve). Absent on older runs.
   */
  own_source: z.enum(OWN_SOURCES).optional(),
  /**
   * Where the run's per-item data came from (added, issue 33): \`cache\` (the project's digest cache: no row of
   * the dataset read), \`stream\` (its rows streamed), \`panel\` (read whole); null: priced without a digest
   * (the sample's panel). Absent on older runs.
   */
  digest_source: z.enum(DIGEST_SOURCES).nullable().optional(),
  /** Sample data only: the true revenue change of these prices over today's. */
  true_uplift_pct: z.number().nullable(),
  /** Sample data only: items whose own recommended price truly earns less than today's (the others at today's). */
  true_items_below_today: z.number().nullable().optional(),
  /** Sample data only: the true share of the joint optimum that simple rules reach (today, floor, ceiling, each strategy). */
  rules: z
    .array(z.object({ rule: z.string(), true_revenue_share_of_optimum: z.number().nullable() }))
    .nullable()
    .optional(),
  created_at: z.string(),
  ms: z.number()
})
export type PricingRun = z.infer<typeof pricingRunSchema>

/** A saved scenario as listed: its spec and when it was last saved. */
export const savedScenarioSchema = z.object({ ...scenarioSchema.shape, updated_at: z.string() })
export type SavedScenario = z.infer<typeof savedScenarioSchema>

export const scenarioItemSchema = z.object({
  item_id: z.string(),
  category: z.string(),
  current_price: z.number(),
  price: z.number(),
  enrollments_before: z.number(),
  enrollments: z.number(),
  revenue_before: z.number(),
  revenue: z.number(),
  margin: z.number().nullable()
})
export type ScenarioItem = z.infer<typeof scenarioItemSchema>

export const scenarioTotalsSchema = z.object({
  enrollments: z.number(),
  enrollments_before: z.number(),
  revenue: z.number(),
  revenue_before: z.number(),
  revenue_change_pct: z.number(),
  margin: z.number().nullable(),
  revenue_interval: intervalSchema.nullable(),
  enrollments_interval: intervalSchema.nullable()
})
export type ScenarioTotals = z.infer<typeof scenarioTotalsSchema>

export const scenarioResultSchema = z.object({
  name: z.string(),
  kind: z.enum(SCENARIO_KINDS),
  model: z.string(),
  totals: scenarioTotalsSchema,
  categories: z.array(
    z.object({
      category: z.string(),
      revenue_before: z.number(),
      revenue: z.number(),
      revenue_change: z.number(),
      enrollments: z.number()
    })
  ),
  items: z.array(scenarioItemSchema),
  /** An optimized scenario: the price sheet (pricing run) whose prices it forecast, its dataset's latest. */
  sheet_run_id: z.number().nullable().optional(),
  notes: z.array(z.string()),
  /** Mean price change of the scenario (percent, unweighted over items): where it sits on the curve. */
  avg_price_change_pct: z.number(),
  /** Demand and revenue of the whole catalog when every price moves by the same percentage, same model and market. */
  curve: z.array(z.object({ change_pct: z.number(), enrollments: z.number(), revenue: z.number() }))
})
export type ScenarioResult = z.infer<typeof scenarioResultSchema>

/** A bundle priced from its members: the sum of their prices less a discount, with expected sales. */
export const bundleQuoteSchema = z.object({
  items: z.array(z.string()),
  list_total: z.number(),
  bundle_price: z.number(),
  discount: z.number(),
  elasticity: z.number(),
  /** Expected bundles per period: the least-sold member's demand, lifted by the discount through the elasticity. */
  expected_quantity: z.number(),
  expected_revenue: z.number()
})
export type BundleQuote = z.infer<typeof bundleQuoteSchema>
