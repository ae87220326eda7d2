/** The personalized-price guardrails as the form holds them (null = empty field). */
export interface OfferPolicyForm {
  /** Empty: the median course price. */
  referencePrice: number | null
  maxDiscountPct: number | null
  minPrice: number | null
  sensitivityExtraPct: number | null
}

export const DEFAULT_OFFER_POLICY: OfferPolicyForm = {
  referencePrice: null,
  maxDiscountPct: 30,
  minPrice: 10,
  sensitivityExtraPct: 5
}

export const OFFER_POLICY_LABELS: Record<keyof OfferPolicyForm, string> = {
  referencePrice: 'List price (default: median course)',
  maxDiscountPct: 'Max discount %',
  minPrice: 'Min price',
  sensitivityExtraPct: 'Extra % if sensitive'
}

/** What stops the policy from being priced, each in its field's own words; empty when it can run. */
export function offerPolicyProblems(p: OfferPolicyForm): string[] {
  const out: string[] = []
  const L = OFFER_POLICY_LABELS
  if (p.referencePrice !== null && !(p.referencePrice > 0))
    out.push(`${L.referencePrice}: a price above 0, or empty for the median course`)
  for (const k of ['maxDiscountPct', 'sensitivityExtraPct'] as const) {
    const v = p[k]
    if (v === null || !(v >= 0 && v <= 100)) out.push(`${L[k]}: a percentage from 0 to 100`)
  }
  if (p.minPrice === null || !(p.minPrice >= 0)) out.push(`${L.minPrice}: a price of 0 or more`)
  return out
}
