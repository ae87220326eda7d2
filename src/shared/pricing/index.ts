/** The pricing domain's contract: its lists, the price unit's wording, and its types (the renderer never imports src/core). */
import type { PriceUnit } from './results'

/** The unit as one phrase: "tokens", "currency with 2 decimals". */
export function describeUnit(u: PriceUnit): string {
  return u.kind === 'tokens' ? 'tokens' : `currency with ${u.decimals} decimal${u.decimals === 1 ? '' : 's'}`
}

export * from './lists'

export type {
  Guardrails,
  ItemCosts,
  PricingSettings,
  ScenarioChange,
  ScenarioSpec,
  StrategyConfig
} from './inputs'
export type {
  Binding,
  BoundRule,
  BundleQuote,
  CategoryImpact,
  Corner,
  CornerPoint,
  CostSummary,
  Interval,
  Portfolio,
  PriceRow,
  PriceGrid,
  PriceUnit,
  PricingRun,
  Recommendation,
  SavedScenario,
  ScenarioItem,
  ScenarioResult,
  ScenarioTotals,
  StrategyOutcome
} from './results'
