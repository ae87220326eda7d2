import type { PriceUnit } from '../../../shared/pricing'

/** One item of the workbook: the price sheet's row plus what the What-if formulas need. */
export interface WorkbookItem {
  id: string
  name: string
  segment: string
  tier: string | null
  current_price: number
  recommended_price: number
  /** Predicted quantity at today's price: the demand curve's baseline q₀. */
  quantity_before: number
  quantity_after: number
  revenue_before: number
  revenue_after: number
  margin_before: number | null
  margin_after: number | null
  /** The own elasticity ε of the curve q₀ · (p/p₀)^ε, with its 90% interval; null: none (the curve is flat). */
  elasticity: number | null
  elasticity_low: number | null
  elasticity_high: number | null
  cost: number | null
  binding: string | null
  reasoning: string
  out_of_range: boolean
}

/**
 * A cross-price term of a demand system: the elasticity of item `on`'s quantity with
 * respect to item `of`'s price (ε_on,of), both indices into the items, within one group
 * (a store). The What-if quantity of `on` is multiplied by (p_of / p₀_of)^ε.
 */
export interface CrossTerm {
  on: number
  of: number
  elasticity: number
  group: string
}

export interface SegmentAssumption {
  segment: string
  elasticity: number | null
  ci_low: number | null
  ci_high: number | null
  source: string
}

/** A saved scenario's forecast, one column of the Scenarios sheet. */
export interface ScenarioColumn {
  name: string
  description: string
  revenue_before: number
  revenue: number
  revenue_change_pct: number
  quantity_before: number
  quantity: number
  margin: number | null
  revenue_low: number | null
  revenue_high: number | null
}

export interface SegmentImpact {
  segment: string
  items: number
  revenue_before: number
  revenue_after: number
  avg_price_change_pct: number
}

/** Everything the workbook shows: built from a pricing run (from-run.ts) or by hand in tests. */
export interface WorkbookInput {
  dataset: string
  unit: PriceUnit
  /** "Enrollments" on the EdTech sample, "Quantity" elsewhere. */
  quantityName: string
  /** What the segments are ("category", "brand"). */
  segmentName: string
  items: WorkbookItem[]
  /**
   * Whether the run priced on the causal curve q₀ · (p/p₀)^ε: the What-if formulas are then
   * the app's own forecast. A model's own curve has no closed form: the What-if sheet says so.
   */
  causal: boolean
  /** Why the What-if formulas cannot be written (e.g. a run saved before elasticities were kept); null: they can. */
  whatIfRefusal: string | null
  cross?: CrossTerm[]
  /** The sentence on corner solutions, when it applies (issue 25). */
  corner?: string | null
  /** The What-if sheet's starting prices; the recommendation when absent. */
  yourPrices?: ArrayLike<number>
  /** Label/value lines of the Assumptions sheet: source, run, guardrails, objective, costs. */
  assumptions: [string, string | number][]
  segments: SegmentAssumption[]
  impact: SegmentImpact[]
  scenarios: ScenarioColumn[]
}
