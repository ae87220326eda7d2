/** The pricing domain's price unit and its wording, shared by core, CLI and UI (the renderer never imports src/core). */

/**
 * The unit a dataset's prices are in. The EdTech sample prices in tokens; an
 * imported dataset prices in a currency whose number of decimals comes from the
 * data itself (prices with cents → 2 decimals, whole prices → 0). Every price
 * the optimizer writes has at most `decimals` decimals.
 */
export interface PriceUnit {
  kind: 'currency' | 'tokens'
  decimals: number
  /** How amounts are named in the UI, CLI and report: "tokens" or "currency". */
  label: string
  /** Short form for narrow cells ("tk"; "" for a currency, whose symbol the data does not say). */
  short: string
}

/** The unit as one phrase: "tokens", "currency with 2 decimals". */
export function describeUnit(u: PriceUnit): string {
  return u.kind === 'tokens' ? 'tokens' : `currency with ${u.decimals} decimal${u.decimals === 1 ? '' : 's'}`
}

/** What the optimizer maximizes: revenue, or margin over a cost (mapped, or a share of today's price). */
export const OBJECTIVES = ['revenue', 'margin'] as const
export type Objective = (typeof OBJECTIVES)[number]

/** The demand curve prices are optimized on: causal (the model's baseline × (p/p₀)^ε) or the model's own. */
export const DEMAND_KINDS = ['causal', 'model'] as const
export type DemandKind = (typeof DEMAND_KINDS)[number]
export const DEFAULT_DEMAND: DemandKind = 'causal'

/** Price endings a rounding rule allows (see core/pricing/rounding.ts for what each means). */
export const ROUNDING_RULES = ['auto', 'none', 'cent', 'whole', '99', '95', '49', '9'] as const
export type RoundingRule = (typeof ROUNDING_RULES)[number]
/** Which way a price moves to reach an allowed ending. */
export const ROUNDING_DIRECTIONS = ['nearest', 'up', 'down'] as const
export type RoundingDirection = (typeof ROUNDING_DIRECTIONS)[number]

/** changes: the listed changes; optimized: the latest optimized prices; personalized: the propensity offers' average discount. */
export const SCENARIO_KINDS = ['changes', 'optimized', 'personalized'] as const
/** A scenario's price change applies to every item, a category, or one item (the most specific wins). */
export const CHANGE_SCOPES = ['all', 'category', 'item'] as const

export type { Guardrails, PricingSettings, ScenarioChange, ScenarioSpec, StrategyConfig } from './api/pricing'
export type { PricingRun } from '../core/pricing/store'
export type { PriceRow, CategoryImpact, StrategyOutcome } from '../core/pricing/recommend'
export type { BundleQuote } from '../core/pricing/strategies'
export type { ScenarioResult } from '../core/pricing/scenarios'
