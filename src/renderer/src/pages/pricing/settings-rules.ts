import type { NumberRule } from '../../components/number-rules'

/**
 * Every number of the pricing settings form: its label in the dataset's words,
 * its unit and its bounds in the user's terms (percent, the dataset's price unit).
 * The bounds are the API schema's (pricingSettingsSchema), written as shown; a
 * test checks each against the schema at its edges. Keys are the settings' paths'
 * last part, so a server refusal maps back to the field (explainServerMessage).
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
  const pct = (label: string, max: number, width?: number): NumberRule & { width?: number } => ({
    label,
    unit: '%',
    scale: 100,
    min: 0,
    max,
    nullable: true,
    width
  })
  // A currency's symbol is not in the data: its prices show no unit, tokens say "tokens".
  const price = priceUnit || undefined
  // Two bands (percent and absolute) sit side by side: their labels must tell them apart.
  const band = `Band around competitor / ${segment} avg`
  return {
    min_price: { label: 'Min price', unit: price, min: 0, minExclusive: true, nullable: true },
    max_price: { label: 'Max price', unit: price, min: 0, minExclusive: true, nullable: true },
    max_increase: pct('Max increase', 1000),
    max_decrease: pct('Max decrease', 99),
    margin_floor: pct('Margin floor over cost', 1000, 180),
    competitor_band: { ...pct(band, 1000, 250), unit: '±%' },
    competitor_band_abs: {
      label: `${band}, absolute`,
      unit: `±${priceUnit}`,
      min: 0,
      max: 1e9,
      nullable: true,
      width: 310
    },
    category_avg_change: { ...pct(`${capitalize(segment)} avg change`, 1000, 190), unit: '±%' },
    cost_share: { ...pct('Unit cost (share of price)', 100, 200) },
    min_volume_share: { ...pct(`Keep ${quantity} ≥`, 200, 200), unit: '% of today' },
    min_gap: { ...pct('Price ladder gap', 1000, 300), nullable: false }
  }
}

export const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s)

/** The scenario numbers in the user's terms; bounds as the API's scenarioSchema. */
export const SCENARIO_RULES: Record<
  'change_pct' | 'market_growth_pct' | 'competitor_move_pct' | 'cross_elasticity',
  NumberRule
> = {
  change_pct: { label: 'Change', unit: '%', min: -100, minExclusive: true, max: 1000, nullable: false },
  market_growth_pct: { label: 'Market growth', unit: '%', min: -100, max: 1000, nullable: false },
  competitor_move_pct: { label: 'Competitor move', unit: '%', min: -100, max: 1000, nullable: false },
  cross_elasticity: { label: 'Cross elasticity', min: -10, max: 10, nullable: false }
}
