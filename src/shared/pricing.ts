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

export type { PricingRun, PricingSettings } from '../core/pricing/store'
export type { Guardrails } from '../core/pricing/guardrails'
export type { RoundingDirection, RoundingRule } from '../core/pricing/rounding'
export type { PriceRow, CategoryImpact, StrategyOutcome } from '../core/pricing/recommend'
export type { BundleQuote } from '../core/pricing/strategies'
export type { ScenarioChange, ScenarioResult, ScenarioSpec } from '../core/pricing/scenarios'
export type { DemandKind } from '../core/pricing/causal-demand'
