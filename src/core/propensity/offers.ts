import type { Db } from '../db/port'
import { DEFAULT_ACTIONS } from './actions'
import type { ActionRule, OfferSummary } from '../../shared/propensity/results'

export interface OfferPolicy {
  /** Discount per enrollment segment (the action table). */
  rules: ActionRule[]
  /** Added for learners whose price-sensitivity score is High (≥ 0.7). */
  sensitivityExtraPct: number
  maxDiscountPct: number
  minPrice: number
  /** The list price the offer applies to, in tokens. */
  referencePrice: number
}

export const DEFAULT_POLICY: Omit<OfferPolicy, 'referencePrice'> = {
  rules: DEFAULT_ACTIONS,
  sensitivityExtraPct: 5,
  maxDiscountPct: 30,
  minPrice: 10
}

export interface Offer {
  learner_id: number
  segment: string
  price_sensitivity: number
  discount_pct: number
  price: number
  /** Which guardrail set the price, if any. */
  bound_by: 'max_discount' | 'min_price' | null
  base_conversion: number
  expected_conversion: number
}

/**
 * Personalized prices: the segment's discount, more for price-sensitive learners,
 * then the guardrails (maximum discount, then minimum price, which always wins).
 * Expected conversion scales the 30-day enrollment score by (price / list)^ε with a
 * learner elasticity ε = −(0.5 + 2 · sensitivity): an assumption, stated, to be
 * replaced by the A/B test's measured effect.
 */
export function personalizedOffers(db: Db, runId: number, policy: OfferPolicy): Offer[] {
  const rows = db
    .prepare<{ learner_id: number; score: number; segment: string; sens: number | null }>(
      `SELECT e.learner_id, e.score, e.segment, p.score AS sens FROM learner_scores e
       LEFT JOIN learner_scores p ON p.run_id = e.run_id AND p.learner_id = e.learner_id AND p.target = 'price_sensitivity'
       WHERE e.run_id = ? AND e.target = 'enrollment' ORDER BY e.learner_id`
    )
    .all(runId)
  const discountOf = new Map(policy.rules.map((r) => [r.segment, r.discount_pct]))
  return rows.map((r) => {
    const sens = r.sens ?? 0.5
    let d = (discountOf.get(r.segment) ?? 0) + (sens >= 0.7 ? policy.sensitivityExtraPct : 0)
    let bound: Offer['bound_by'] = null
    if (d > policy.maxDiscountPct) {
      d = policy.maxDiscountPct
      bound = 'max_discount'
    }
    let price = policy.referencePrice * (1 - d / 100)
    if (price < policy.minPrice) {
      price = Math.min(policy.referencePrice, policy.minPrice)
      d = (1 - price / policy.referencePrice) * 100
      bound = 'min_price'
    }
    const eps = -(0.5 + 2 * sens)
    const expected = Math.min(1, r.score * (price / policy.referencePrice) ** eps)
    return {
      learner_id: r.learner_id,
      segment: r.segment,
      price_sensitivity: sens,
      discount_pct: Math.round(d * 100) / 100,
      price: Math.round(price * 100) / 100,
      bound_by: bound,
      base_conversion: r.score,
      expected_conversion: expected
    }
  })
}

export function summarizeOffers(offers: Offer[], policy: OfferPolicy): OfferSummary[] {
  return policy.rules.map((r) => {
    const o = offers.filter((x) => x.segment === r.segment)
    const sum = (f: (x: Offer) => number) => o.reduce((a, x) => a + f(x), 0)
    return {
      segment: r.segment,
      learners: o.length,
      mean_discount_pct: o.length ? sum((x) => x.discount_pct) / o.length : 0,
      mean_price: o.length ? sum((x) => x.price) / o.length : 0,
      expected_enrollments: sum((x) => x.expected_conversion),
      enrollments_at_list_price: sum((x) => x.base_conversion),
      expected_revenue: sum((x) => x.expected_conversion * x.price),
      revenue_at_list_price: sum((x) => x.base_conversion * policy.referencePrice),
      bound_by_guardrail: o.filter((x) => x.bound_by).length
    }
  })
}

/** The median course list price: a sensible default list price for offers. */
export function medianListPrice(db: Db): number {
  const prices = db
    .prepare<{ p: number }>('SELECT token_price AS p FROM courses ORDER BY token_price')
    .all()
    .map((r) => r.p)
  return prices.length ? prices[Math.floor(prices.length / 2)] : 100
}
