import { comparePeriods } from './periods'
import { tCdf, tPpf } from './stats'
import type { Interval } from '../../shared/experiments'

/**
 * Analysis of a switchback test. The arm changes by period within each unit (or store), so the
 * unit of randomization is the unit × period cell, not the unit: comparing the two arms' totals
 * as two groups would count every unit in both and ignore that its periods move together. The
 * effect is the coefficient of the arm in a two-way fixed-effects regression on the cells
 *   y_ut = α_u + λ_t + τ·D_ut + e_ut
 * (the unit's own level and each period's level cancel), with the standard error clustered by
 * the unit (or its store): cells of one unit are not independent of each other. Cells right after
 * a switch can be dropped (carry-over: last period's price still moving this period's sales).
 */
export interface SwitchbackCell {
  unit: string
  /** The independent unit the errors are clustered by (the store of a store switchback); null: the unit. */
  cluster: string | null
  period: string
  arm: string
  /** The outcome of the cell (revenue, or a conversion rate). */
  y: number
}

export interface SwitchbackEstimate {
  /** τ: the treatment's effect on the outcome of one cell (unit × period). */
  effect: number
  se: number
  df: number
  ci: Interval
  p_value: number
  /** Mean outcome of the control cells analysed, to state the effect relative to it. */
  control_mean: number
  cells: number
  /** Cells left out as carry-over (the first periods after a switch of arm). */
  dropped_cells: number
  periods: number
  /** Independent clusters of cells (units, or stores) with cells in both arms. */
  clusters: number
  clusters_by_arm: Record<string, number>
}

export interface SwitchbackOptions {
  control: string
  treatment: string
  alpha: number
  /** Periods after each switch of arm whose cells are left out (0: none). */
  carryover: number
}

/** Cells of the two arms, carry-over cells dropped: in each unit, the first `carryover` periods after its arm changed. */
export function dropCarryover(
  cells: SwitchbackCell[],
  carryover: number
): { kept: SwitchbackCell[]; dropped: number } {
  if (carryover <= 0) return { kept: cells, dropped: 0 }
  const byUnit = new Map<string, SwitchbackCell[]>()
  for (const c of cells) byUnit.set(c.unit, [...(byUnit.get(c.unit) ?? []), c])
  const kept: SwitchbackCell[] = []
  let dropped = 0
  for (const list of byUnit.values()) {
    list.sort((a, b) => comparePeriods(a.period, b.period))
    let since = Infinity
    list.forEach((c, k) => {
      since = k > 0 && c.arm !== list[k - 1].arm ? 0 : since + 1
      if (since < carryover) dropped++
      else kept.push(c)
    })
  }
  return { kept, dropped }
}

/** Removes unit and period means by alternating projections (exact for balanced cells, converges otherwise). */
function twoWayDemean(v: Float64Array, unit: Int32Array, period: Int32Array, nu: number, np: number): void {
  const sum = new Float64Array(Math.max(nu, np))
  const count = new Float64Array(Math.max(nu, np))
  const pass = (g: Int32Array, n: number) => {
    sum.fill(0, 0, n)
    count.fill(0, 0, n)
    for (let i = 0; i < v.length; i++) {
      sum[g[i]] += v[i]
      count[g[i]]++
    }
    let moved = 0
    for (let i = 0; i < v.length; i++) {
      const m = sum[g[i]] / count[g[i]]
      v[i] -= m
      moved = Math.max(moved, Math.abs(m))
    }
    return moved
  }
  const scale = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0) || 1
  for (let k = 0; k < 10_000; k++) {
    const a = pass(unit, nu)
    const b = pass(period, np)
    if (Math.max(a, b) <= 1e-12 * scale) break
  }
}

const index = (keys: string[]): { of: Int32Array; n: number } => {
  const m = new Map<string, number>()
  const of = Int32Array.from(keys, (k) => {
    let i = m.get(k)
    if (i === undefined) m.set(k, (i = m.size))
    return i
  })
  return { of, n: m.size }
}

/**
 * τ with unit and period fixed effects and a cluster-robust (CR1) standard error, t with G − 1
 * degrees of freedom (G clusters). Null with the reason when the cells cannot identify τ.
 */
export function switchbackEffect(
  all: SwitchbackCell[],
  o: SwitchbackOptions
): { estimate: SwitchbackEstimate; reason: null } | { estimate: null; reason: string } {
  const twoArms = all.filter((c) => c.arm === o.control || c.arm === o.treatment)
  const { kept, dropped } = dropCarryover(twoArms, o.carryover)
  // Only units seen in both arms say anything about τ once their own level is removed.
  const arms = new Map<string, Set<string>>()
  for (const c of kept) arms.set(c.unit, (arms.get(c.unit) ?? new Set()).add(c.arm))
  const cells = kept.filter((c) => (arms.get(c.unit)?.size ?? 0) === 2)
  const units = index(cells.map((c) => c.unit))
  const periods = index(cells.map((c) => c.period))
  const clusters = index(cells.map((c) => c.cluster ?? `u\u0000${c.unit}`))
  const byArm = (arm: string) =>
    new Set(cells.filter((c) => c.arm === arm).map((c) => c.cluster ?? `u\u0000${c.unit}`)).size
  const G = clusters.n
  if (G < 2)
    return {
      estimate: null,
      reason: `${G} unit(s) have periods in both arms${dropped ? ` once ${dropped} carry-over cell(s) are left out` : ''}: at least 2 are needed`
    }
  const y = Float64Array.from(cells, (c) => c.y)
  const d = Float64Array.from(cells, (c) => (c.arm === o.treatment ? 1 : 0))
  const controls = cells.filter((c) => c.arm === o.control)
  const controlMean = controls.reduce((s, c) => s + c.y, 0) / Math.max(1, controls.length)
  twoWayDemean(y, units.of, periods.of, units.n, periods.n)
  twoWayDemean(d, units.of, periods.of, units.n, periods.n)
  let sdd = 0
  let sdy = 0
  for (let i = 0; i < y.length; i++) {
    sdd += d[i] * d[i]
    sdy += d[i] * y[i]
  }
  if (!(sdd > 1e-9))
    return { estimate: null, reason: 'the arm does not vary within units once periods are accounted for' }
  const tau = sdy / sdd
  const score = new Float64Array(G)
  for (let i = 0; i < y.length; i++) score[clusters.of[i]] += d[i] * (y[i] - tau * d[i])
  const n = cells.length
  // CR1. The unit effects are nested in the clusters, so they do not count against the degrees of
  // freedom (counting them, as areg does, doubles the variance of a two-period test).
  const small = (G / (G - 1)) * ((n - 1) / Math.max(1, n - periods.n - 1))
  const variance = (score.reduce((s, x) => s + x * x, 0) / (sdd * sdd)) * small
  const se = Math.sqrt(variance)
  const df = G - 1
  const half = tPpf(1 - o.alpha / 2, df) * se
  return {
    estimate: {
      effect: tau,
      se,
      df,
      ci: { low: tau - half, high: tau + half },
      p_value: se > 0 ? 2 * (1 - tCdf(Math.abs(tau) / se, df)) : 1,
      control_mean: controlMean,
      cells: n,
      dropped_cells: dropped,
      periods: periods.n,
      clusters: G,
      clusters_by_arm: { [o.control]: byArm(o.control), [o.treatment]: byArm(o.treatment) }
    },
    reason: null
  }
}
