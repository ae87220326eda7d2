import type { Baseline, CupedPlan, PowerResult } from '../../shared/experiments'
import { pct } from '../../shared/format/numbers'

/**
 * With stable unit effects (variance `between`) and period noise (`within`), a unit's
 * mean over W test periods and its mean over P pre-period ones share only the unit
 * effect, so their correlation² is between² / ((between + within/W)(between + within/P)),
 * and CUPED leaves (1 − ρ²) of the outcome variance.
 */
export function cupedReduction(
  c: { between: number; within: number },
  testPeriods: number,
  prePeriods: number
): number {
  const vt = c.between + c.within / testPeriods
  const vp = c.between + c.within / prePeriods
  return vt > 0 && vp > 0 ? (c.between * c.between) / (vt * vp) : 0
}

/**
 * Required units and reachable MDE with CUPED over the same `weeks` as the plan without
 * it (so the two figures compare), and the fewest weeks (up to maxWeeks) CUPED needs.
 */
export function cupedPlan(
  c: { between: number; within: number },
  mean: number,
  prePeriods: number,
  weeks: number,
  maxWeeks: number,
  powerAt: (b: Baseline) => PowerResult
): CupedPlan {
  const at = (w: number) => {
    const r2 = cupedReduction(c, w, prePeriods)
    const sd = Math.sqrt((c.between + c.within / w) * (1 - r2))
    return { r2, p: powerAt({ kind: 'mean', mean, sd }) }
  }
  let fewest: number | null = null
  for (let w = 1; w <= maxWeeks; w++) {
    const r = at(w)
    if (r.p.enough === null) break
    if (r.p.enough) {
      fewest = w
      break
    }
  }
  const r = at(weeks)
  return {
    variance_reduction: r.r2,
    pre_periods: prePeriods,
    required_units: r.p.required_units,
    mde_achievable: r.p.mde_achievable,
    enough: r.p.enough,
    weeks: fewest,
    message: `with CUPED on ${prePeriods} pre-period weeks (${pct(r.r2)} less variance over ${weeks} week(s)): ${r.p.message}${fewest !== null ? `; ${fewest} week(s) would do` : ''}`
  }
}
