import type { ArmSpec, ChangeDistribution } from '../../shared/experiments'

/**
 * What the treatment really does to prices, and what it is expected to do to revenue: a test of
 * "optimized prices" in which almost no price moves tests nothing, whatever its power says.
 */

/** Cross-price effect: how `on`'s quantity moves per 1% change of `of`'s price, within one store (cluster). */
export interface CrossEffect {
  on: string
  of: string
  elasticity: number
}

/** The elasticities the expected effect is computed from: own per segment, cross where estimated. */
export interface EffectModel {
  own: Map<string, number>
  cross: CrossEffect[]
  /** "recommended elasticities of run 3 (debiased)"; names the source in the plan. */
  source: string
}

/** The quantiles of a list (linear interpolation), rounded to 0.01 percent. */
export function distribution(xs: number[]): ChangeDistribution | null {
  if (!xs.length) return null
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => {
    const h = (s.length - 1) * p
    const lo = Math.floor(h)
    return Math.round((s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (h - lo)) * 100) / 100
  }
  return { min: q(0), p25: q(0.25), median: q(0.5), p75: q(0.75), max: q(1) }
}

/** Whether an arm sets prices unit by unit (a scenario's or the optimizer's), so some units may not move. */
export const pricesUnitByUnit = (a: ArmSpec): boolean =>
  a.change.kind === 'scenario' || a.change.kind === 'optimized'

export interface PricedUnit {
  current: number
  assigned: number
  /** Baseline revenue per period: the weight of the unit in revenue per unit. */
  revenue: number
  segment: string
  /** The store (or other group) whose items take volume from each other; null: none known. */
  group: string | null
}

/**
 * Expected relative change of revenue per unit in an arm: each unit's revenue moves by
 * (p₁/p₀)^(1+ε) times, where cross effects are estimated, Π (p₁ⱼ/p₀ⱼ)^γ over the other units of
 * its store that the arm also reprices. Weighted by baseline revenue. Null when a unit's segment
 * has no elasticity (the reason is returned).
 */
export function expectedRevenueEffect(
  units: PricedUnit[],
  model: EffectModel
): { effect: number; missing: null } | { effect: null; missing: string } {
  const cross = new Map(model.cross.map((c) => [`${c.on}\u0000${c.of}`, c.elasticity]))
  const byGroup = new Map<string, PricedUnit[]>()
  for (const u of units) if (u.group !== null) byGroup.set(u.group, [...(byGroup.get(u.group) ?? []), u])
  let base = 0
  let change = 0
  for (const u of units) {
    const e = model.own.get(u.segment)
    if (e === undefined || !Number.isFinite(e))
      return { effect: null, missing: `no elasticity for "${u.segment}" in the ${model.source}` }
    let ratio = (u.assigned / u.current) ** (1 + e)
    if (u.group !== null)
      for (const v of byGroup.get(u.group) ?? []) {
        const g = v === u ? undefined : cross.get(`${u.segment}\u0000${v.segment}`)
        if (g !== undefined) ratio *= (v.assigned / v.current) ** g
      }
    base += u.revenue
    change += u.revenue * (ratio - 1)
  }
  return base > 0
    ? { effect: change / base, missing: null }
    : { effect: null, missing: 'the units earned nothing' }
}

/**
 * Learner tests change every price a learner sees by the same percentage: each category's
 * enrollments move by (1 + Δ)^ε and, where estimated, by (1 + Δ)^γ for the other categories'
 * prices; revenue per learner by that times (1 + Δ). Weighted by what the learners bought in each
 * category in the baseline window: spend for revenue, enrollments for conversion (a learner's
 * chance to enroll assumed to move with the enrollments of the categories they buy in).
 */
export function expectedLearnerEffect(
  pct: number,
  mix: { segment: string; revenue: number; enrollments: number }[],
  model: EffectModel,
  metric: 'revenue' | 'conversion'
): { effect: number; missing: null } | { effect: null; missing: string } {
  const f = 1 + pct / 100
  let base = 0
  let moved = 0
  for (const m of mix) {
    const e = model.own.get(m.segment)
    if (e === undefined || !Number.isFinite(e))
      return { effect: null, missing: `no elasticity for "${m.segment}" in the ${model.source}` }
    let q = f ** e
    for (const c of model.cross)
      if (c.on === m.segment && c.of !== m.segment && mix.some((o) => o.segment === c.of))
        q *= f ** c.elasticity
    const w = metric === 'revenue' ? m.revenue : m.enrollments
    base += w
    moved += w * q * (metric === 'revenue' ? f : 1)
  }
  return base > 0
    ? { effect: moved / base - 1, missing: null }
    : { effect: null, missing: 'the learners bought nothing in the baseline window' }
}
