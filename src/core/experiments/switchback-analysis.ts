import { chiSquareSf } from './stats'
import { ExperimentError } from './units'
import { MIN_UNITS, armOrder, rowTotals, verdict, type AnalysisOptions } from './analyze'
import { dropCarryover, switchbackEffect, type SwitchbackCell, type SwitchbackEstimate } from './switchback'
import type { Analysis, ArmComparison, ArmSummary, Interval, Srm } from '../../shared/experiments'
import type { ResultRow } from './results-file'

const SRM_ALPHA = 0.001

/**
 * Returned results of a switchback test: one row per unit and period, the arm the unit was in
 * that period. Each effect is the within-unit, within-period contrast (unit and period fixed
 * effects) with errors clustered by the unit, or by its cluster (store) when the rows carry one;
 * `carryover` periods after each switch are left out. Not a two-group comparison of arms: every
 * unit sits in both.
 */
export function analyzeSwitchback(rows: ResultRow[], o: AnalysisOptions, carryover: number): Analysis {
  const noPeriod = rows.find((r) => !r.period)
  if (noPeriod)
    throw new ExperimentError(
      `a switchback test is analysed period by period: every result row needs its period (a "period", "week" or "date" column; line ${noPeriod.line ?? '?'} has none)`
    )
  const order = armOrder(rows, o)
  const control = order[0]
  const byCluster = rows.some((r) => r.cluster)
  const cellsOf = (y: (r: ResultRow) => number | null): SwitchbackCell[] =>
    rows.flatMap((r) => {
      const v = y(r)
      return v === null
        ? []
        : [{ unit: r.unit, cluster: r.cluster ?? null, period: r.period as string, arm: r.arm, y: v }]
    })
  const revenueCells = cellsOf((r) => r.revenue)
  const rateCells = cellsOf((r) => (r.exposures > 0 ? r.conversions / r.exposures : null))
  const rpeCells = cellsOf((r) => (r.exposures > 0 ? r.revenue / r.exposures : null))
  const k = order.length - 1
  const alpha = o.alpha / k
  const summaries = order.map((a) => armSummary(a, rows, o))
  const estimates: SwitchbackEstimate[] = []
  const comparisons: ArmComparison[] = summaries.slice(1).map((t) => {
    const fit = (cells: SwitchbackCell[]) =>
      switchbackEffect(cells, { control, treatment: t.arm, alpha, carryover })
    const rev = fit(revenueCells)
    const rate = fit(rateCells)
    const rpe = fit(rpeCells)
    if (rev.estimate) estimates.push(rev.estimate)
    const few = rev.estimate
      ? Object.entries(rev.estimate.clusters_by_arm).filter(([, n]) => n < MIN_UNITS)
      : []
    const reason = !rev.estimate
      ? rev.reason
      : few.length
        ? `${few.map(([a, n]) => `${a} has ${n} ${byCluster ? 'clusters' : 'units'}`).join(' and ')} with periods in both arms (at least ${MIN_UNITS} are needed)`
        : !(rev.estimate.se > 0)
          ? 'revenue does not vary between periods within units'
          : null
    const e = (x: typeof rev) => x.estimate
    const nan: Interval = { low: 0, high: 0 }
    const c = summaries[0]
    const rateLift = e(rate) && c.rate > 0 ? ((e(rate) as SwitchbackEstimate).effect / c.rate) * 100 : 0
    return {
      arm: t.arm,
      control,
      rate_diff: e(rate)?.effect ?? 0,
      rate_diff_ci: e(rate)?.ci ?? nan,
      rate_lift_pct: rateLift,
      rate_p_value: e(rate)?.p_value ?? 1,
      revenue_diff: e(rev)?.effect ?? 0,
      revenue_diff_ci: e(rev)?.ci ?? nan,
      revenue_lift_pct:
        e(rev) && e(rev)!.control_mean > 0 ? (e(rev)!.effect / e(rev)!.control_mean) * 100 : 0,
      revenue_p_value: e(rev)?.p_value ?? 1,
      welch_df: e(rev)?.df ?? 0,
      bootstrap_ci: null,
      implied_elasticity: null,
      implied_elasticity_ci: null,
      revenue_per_exposure_diff: e(rpe)?.effect ?? 0,
      revenue_per_exposure_diff_ci: e(rpe)?.ci ?? nan,
      revenue_per_exposure_p_value: e(rpe)?.p_value ?? 1,
      revenue_diff_unadjusted: e(rev)?.effect ?? 0,
      revenue_diff_unadjusted_ci: e(rev)?.ci ?? nan,
      enough_data: reason === null,
      not_enough_data_reason: reason,
      sequential: null
    }
  })
  const srm = sampleRatio(summaries, o)
  const unit = byCluster ? 'cluster' : 'unit'
  const head = estimates[0]
  const v = verdict({
    arms: summaries,
    cmp: comparisons,
    srm,
    k,
    conf: 1 - alpha,
    size: null,
    check: o.planCheck ?? null,
    cuped: null,
    unit
  })
  const by = byCluster ? 'cluster (store)' : 'unit'
  return {
    confidence: 1 - alpha,
    arms: summaries,
    comparisons,
    srm,
    verdict: v.verdict,
    caveats: [
      `Switchback: each ${by} was in both arms in turn; effects compare its periods in one arm with its periods in the other (unit and period fixed effects), with errors clustered by ${by}. Revenue per unit is per unit and period.`,
      ...(carryover > 0
        ? [
            `${head?.dropped_cells ?? 0} cell(s) left out as carry-over: the first ${carryover} period(s) after each switch.`
          ]
        : [
            'No carry-over periods were left out: if last period’s price still moves this period’s sales, analyse with a carry-over of 1.'
          ]),
      ...v.caveats.filter((c) => !c.startsWith('Intervals treat each'))
    ],
    analysis_unit: unit,
    variance_method: `two-way fixed effects (${by} and period) over unit × period cells; cluster-robust (CR1) errors by ${by}, t with clusters − 1 df`,
    cuped: null,
    plan_check: o.planCheck ?? null,
    planned_size: null,
    switchback: head
      ? {
          periods: head.periods,
          cells: head.cells,
          dropped_cells: head.dropped_cells,
          carryover_periods: carryover,
          clusters: head.clusters
        }
      : {
          periods: new Set(rows.map((r) => r.period)).size,
          cells: 0,
          dropped_cells: dropCarryover(revenueCells, carryover).dropped,
          carryover_periods: carryover,
          clusters: 0
        }
  }
}

/** An arm's cells: units = unit × period cells, analysis units = the units (or clusters) seen in it; per cell means. */
function armSummary(arm: string, rows: ResultRow[], o: AnalysisOptions): ArmSummary {
  const rs = rows.filter((r) => r.arm === arm)
  return {
    arm,
    units: rs.length,
    analysis_units: new Set(rs.map((r) => r.cluster ?? r.unit)).size,
    ...rowTotals(rs),
    price_change_pct: o.priceChange?.[arm] ?? null
  }
}

/** Sample ratio over cells: a switchback puts each arm in its planned share of unit × periods. */
function sampleRatio(summaries: ArmSummary[], o: AnalysisOptions): Srm {
  const weights = o.arms ?? summaries.map((s) => ({ name: s.arm, weight: 1 }))
  const total = weights.reduce((s, a) => s + a.weight, 0)
  const n = summaries.reduce((s, a) => s + a.units, 0)
  const observed = Object.fromEntries(summaries.map((s) => [s.arm, s.units]))
  const expected = Object.fromEntries(weights.map((a) => [a.name, (n * a.weight) / total]))
  const chi = weights.reduce(
    (s, a) => s + ((observed[a.name] ?? 0) - expected[a.name]) ** 2 / expected[a.name],
    0
  )
  const p = chiSquareSf(chi, weights.length - 1)
  return { chi_square: chi, df: weights.length - 1, p_value: p, observed, expected, mismatch: p < SRM_ALPHA }
}
