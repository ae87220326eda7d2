/** The pricing defaults (guardrails, strategies, settings): the contract's starting point for the app, the CLI and the study. */
import { DEFAULT_DEMAND } from './lists'
import type { Guardrails, PricingSettings, StrategyConfig } from './inputs'

export const DEFAULT_GUARDRAILS: Guardrails = {
  min_price: null,
  max_price: null,
  max_increase: 0.2,
  max_decrease: 0.2,
  margin_floor: null,
  competitor_band: null,
  competitor_band_abs: null,
  stay_in_observed: true,
  ladder: null,
  category_avg_change: null,
  rounding: { rule: 'auto', direction: 'nearest' },
  locked: []
}

/**
 * The default rules and blend: 0.4 elasticity, 0.3 competitive, 0.3 lifecycle, with the
 * time-based rule applied on top. Every threshold, multiplier and weight is editable; each
 * price says which strategy moved it and by how much.
 */
export const DEFAULT_STRATEGIES: StrategyConfig = {
  elasticity: { inelastic_above: -0.8, inelastic_mult: 1.1, elastic_below: -1.5, elastic_mult: 0.92 },
  competitive: { high_ratio: 1.2, high_mult: 0.95, low_ratio: 0.8, low_mult: 1.05 },
  lifecycle: { early_weeks: 8, early_mult: 0.85, mature_weeks: 104, mature_mult: 0.95 },
  time: { peak_index: 1.1, peak_mult: 1.05, slump_index: 0.9, slump_mult: 0.95 },
  weights: { elasticity: 0.4, competitive: 0.3, lifecycle: 0.3, time: 1 }
}

/** The pricing settings a project starts with (and fills an older saved value's missing fields from). */
export const DEFAULT_SETTINGS: PricingSettings = {
  objective: 'revenue',
  min_volume_share: null,
  cost_share: null,
  cost_shares: null,
  item_costs: null,
  guardrails: DEFAULT_GUARDRAILS,
  strategies: DEFAULT_STRATEGIES,
  demand: DEFAULT_DEMAND,
  ignore_cross: false
}
