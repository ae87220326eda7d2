/** The pricing domain's lists (objectives, demand curves, rounding, scenario kinds): the enums its schemas are built from. */

/** What the optimizer maximizes: revenue, or margin over a cost (mapped, or a share of today's price). */
export const OBJECTIVES = ['revenue', 'margin'] as const
export type Objective = (typeof OBJECTIVES)[number]

/** The demand curve prices are optimized on: causal (the model's baseline × (p/p₀)^ε) or the model's own. */
export const DEMAND_KINDS = ['causal', 'model'] as const
export type DemandKind = (typeof DEMAND_KINDS)[number]
export const DEFAULT_DEMAND: DemandKind = 'causal'

/**
 * Which own elasticities priced a sheet (\`own_source\`): the segments' own elasticities estimated
 * jointly with the cross terms the demand applies, the run's recommended (debiased) ones, or a model's own curve.
 */
export const OWN_SOURCES = ['cross_own', 'recommended', 'model'] as const
export type OwnSource = (typeof OWN_SOURCES)[number]

/**
 * Where a run's per-item pricing data came from (\`digest_source\`): the project's digest cache (no row of the
 * dataset read), the dataset's rows streamed, or its panel read whole.
 */
export const DIGEST_SOURCES = ['cache', 'stream', 'panel'] as const
export type DigestSource = (typeof DIGEST_SOURCES)[number]

/** Price endings a rounding rule allows (the rounding module of the pricing core says what each means). */
export const ROUNDING_RULES = ['auto', 'none', 'cent', 'whole', '99', '95', '49', '9', 'step'] as const
export type RoundingRule = (typeof ROUNDING_RULES)[number]
/** Which way a price moves to reach an allowed ending. */
export const ROUNDING_DIRECTIONS = ['nearest', 'up', 'down'] as const
export type RoundingDirection = (typeof ROUNDING_DIRECTIONS)[number]

/** changes: the listed changes; optimized: the latest optimized prices; personalized: the propensity offers' average discount. */
export const SCENARIO_KINDS = ['changes', 'optimized', 'personalized'] as const
/** A scenario's price change applies to every item, a category, or one item (the most specific wins). */
export const CHANGE_SCOPES = ['all', 'category', 'item'] as const

/** Where an item's unit cost came from, most specific first: a cost table, the mapped column, a segment's share, the one share. */
export const COST_SOURCES = ['cost_table', 'cost_column', 'segment_share', 'cost_share'] as const
export type CostSource = (typeof COST_SOURCES)[number]
