import type { z } from 'zod'
import type { NumberRule } from '../../components/number-rules'
import { guardrailsSchema, pricingSettingsSchema, scenarioSchema } from '../../../../shared/api'
import { boundsOf } from '../../../../shared/bounds'

/**
 * Every number of the pricing settings form: its label in the dataset's words,
 * its unit and its bounds in the user's terms (percent, the dataset's price unit).
 * The bounds are read from the API schema (pricingSettingsSchema) and shown in the
 * field's unit; a test checks each against the schema at its edges. Keys are the settings' paths'
 * last part, so a server refusal maps back to the field (explainIssues).
 */
export type PricingField =
  | 'min_price'
  | 'max_price'
  | 'max_increase'
  | 'max_decrease'
  | 'margin_floor'
  | 'competitor_band'
  | 'competitor_band_abs'
  | 'category_avg_change'
  | 'cost_share'
  | 'min_volume_share'
  | 'min_gap'

/** The guardrail fields shown in one row, in this order. */
export const GUARDRAIL_FIELDS = [
  'min_price',
  'max_price',
  'max_increase',
  'max_decrease',
  'margin_floor',
  'competitor_band',
  'competitor_band_abs',
  'category_avg_change'
] as const

export function pricingRules({
  segment,
  priceUnit,
  quantity
}: {
  /** What the dataset's segment column is called ("category", "brand"). */
  segment: string
  /** The price unit as shown after a price ("tk", "tokens", "" for a currency). */
  priceUnit: string
  /** What the dataset's quantity is ("enrollments", "quantity"). */
  quantity: string
}): Record<PricingField, NumberRule & { width?: number }> {
  const pct = (label: string, schema: z.core.$ZodType, width?: number): NumberRule & { width?: number } => ({
    label,
    unit: '%',
    scale: 100,
    ...boundsOf(schema, 100),
    nullable: true,
    width
  })
  const g = guardrailsSchema.shape
  const s = pricingSettingsSchema.shape
  // A currency's symbol is not in the data: its prices show no unit, tokens say "tokens".
  const price = priceUnit || undefined
  // Two bands (percent and absolute) sit side by side: their labels must tell them apart.
  const band = `Band around competitor / ${segment} avg`
  return {
    min_price: { label: 'Min price', unit: price, ...boundsOf(g.min_price), nullable: true },
    max_price: { label: 'Max price', unit: price, ...boundsOf(g.max_price), nullable: true },
    max_increase: pct('Max increase', g.max_increase),
    max_decrease: pct('Max decrease', g.max_decrease),
    margin_floor: pct('Margin floor over cost', g.margin_floor, 180),
    competitor_band: { ...pct(band, g.competitor_band, 250), unit: '±%' },
    competitor_band_abs: {
      label: `${band}, absolute`,
      unit: `±${priceUnit}`,
      ...boundsOf(g.competitor_band_abs),
      nullable: true,
      width: 310
    },
    category_avg_change: {
      ...pct(`${capitalize(segment)} avg change`, g.category_avg_change, 190),
      unit: '±%'
    },
    cost_share: { ...pct('Unit cost (share of price)', s.cost_share, 200) },
    min_volume_share: { ...pct(`Keep ${quantity} ≥`, s.min_volume_share, 200), unit: '% of today' },
    min_gap: { ...pct('Price ladder gap', g.ladder.unwrap().shape.min_gap, 300), nullable: false }
  }
}

export const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s)

/** The scenario numbers in the user's terms; bounds read from the API's scenarioSchema. */
export const SCENARIO_RULES: Record<
  'change_pct' | 'market_growth_pct' | 'competitor_move_pct' | 'cross_elasticity',
  NumberRule
> = {
  change_pct: {
    label: 'Change',
    unit: '%',
    ...boundsOf(scenarioSchema.shape.changes.element.shape.change_pct),
    nullable: false
  },
  market_growth_pct: {
    label: 'Market growth',
    unit: '%',
    ...boundsOf(scenarioSchema.shape.market_growth_pct),
    nullable: false
  },
  competitor_move_pct: {
    label: 'Competitor move',
    unit: '%',
    ...boundsOf(scenarioSchema.shape.competitor_move_pct),
    nullable: false
  },
  cross_elasticity: {
    label: 'Cross elasticity',
    ...boundsOf(scenarioSchema.shape.cross_elasticity),
    nullable: false
  }
}
