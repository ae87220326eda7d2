import type { SegmentElasticity } from './recommend'
import type { Interval } from '../../shared/pricing'

/** One item moving from today's price to a new one, with the model's quantity at each. */
export interface PriceMove {
  segment: string
  p0: number
  p1: number
  q0: number
  q1: number
  /** Unit cost, for the margin interval (absent: no margin interval). */
  cost?: number | null
  /** The range of the item's cross-price factor Π (p_j/p₀_j)^γ over the cross terms' 90% intervals (absent: 1). */
  cross?: { low: number; high: number }
}

/**
 * Quantity and revenue intervals of a set of price moves: each item's new quantity
 * is also computed from its segment's elasticity interval, q₀·(p₁/p₀)^ε for ε at
 * both ends; the interval spans those and the model's own prediction. Items of one
 * segment share their uncertainty, so the ends are summed (no diversification
 * assumed). Where cross terms link items, each end also takes the cross factor's ends
 * (`cross`), so the interval includes the cross terms' uncertainty. Null when a segment
 * has no interval.
 */
export function elasticityInterval(
  moves: Iterable<PriceMove>,
  el: Map<string, SegmentElasticity>
): { enrollments: Interval; revenue: Interval; margin: Interval | null } | null {
  let qLo = 0
  let qHi = 0
  let rLo = 0
  let rHi = 0
  let mLo = 0
  let mHi = 0
  let costed = true
  for (const m of moves) {
    const e = el.get(m.segment)
    if (e?.ci_low === null || e?.ci_low === undefined || e.ci_high === null) return null
    const ratio = m.p1 / m.p0
    const cl = m.cross?.low ?? 1
    const ch = m.cross?.high ?? 1
    // Own and cross uncertainty together: each end of the own interval with each end of the cross factor.
    // Five quantities, as scalars (arrays per item were ~130 MB of garbage at 96k items).
    const a = m.q0 * ratio ** e.ci_low
    const b = m.q0 * ratio ** e.ci_high
    const q1 = m.q1
    const q2 = a * cl
    const q3 = b * cl
    const q4 = a * ch
    const q5 = b * ch
    const lo = Math.min(q1, q2, q3, q4, q5)
    const hi = Math.max(q1, q2, q3, q4, q5)
    qLo += lo
    qHi += hi
    rLo += lo * m.p1
    rHi += hi * m.p1
    if (m.cost === null || m.cost === undefined) costed = false
    else {
      // Margin per unit may be negative: the low end then comes with the larger quantity.
      const u = m.p1 - m.cost
      mLo += Math.min(q1 * u, q2 * u, q3 * u, q4 * u, q5 * u)
      mHi += Math.max(q1 * u, q2 * u, q3 * u, q4 * u, q5 * u)
    }
  }
  return {
    enrollments: { low: qLo, high: qHi },
    revenue: { low: rLo, high: rHi },
    margin: costed ? { low: mLo, high: mHi } : null
  }
}
