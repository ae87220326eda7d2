import { Rng } from '../util/rng'
import { chiSquareSf, tCdf, tPpf } from './stats'
import { ExperimentError } from './units'
import { cuped, ratioEstimate, welchDf, type RatioEstimate } from './ratio'
import { alwaysValid } from './sequential'
import { describe as describeProblems } from './plan-check'
import type {
  PlanCheck,
  Analysis,
  ArmComparison,
  ArmSummary,
  CupedSummary,
  Interval,
  SizeCheck,
  Srm
} from '../../shared/experiments'
import type { ResultRow } from './results-file'
import { grouped, pValue as pText, pct } from '../../shared/format/numbers'

export { readResults, readResultsFile, type ResultRow, type ResultsFile } from './results-file'

/** What the plan asked for, to say whether the test was read at its planned size. */
export interface PlannedSize {
  /** Units each arm needs (from the power plan), or the units it was given. */
  units: Record<string, number>
  days: number | null
  start_date: string | null
}

export interface AnalysisOptions {
  /** Arms in order, control first, with their planned weights; default: arms as found, control = "control" or the first. */
  arms: { name: string; weight: number }[] | null
  alpha: number
  /** Planned mean price change per arm (percent), for the implied elasticity. */
  priceChange: Record<string, number> | null
  bootstrap: number
  seed: number
  /** Analyse at the rows' cluster (the plan randomized whole clusters). */
  cluster?: boolean
  planCheck?: PlanCheck | null
  planned?: PlannedSize | null
  /** Day of the analysis (YYYY-MM-DD), to count the days the test ran. */
  asOf?: string
  /** Always-valid inference for a test read before its end: τ = this relative effect (the planned MDE). */
  sequential?: { tau_relative: number } | null
}

const SRM_ALPHA = 0.001
/** Fewer independent units than this in an arm and the normal/t approximations are not to be trusted. */
export const MIN_UNITS = 30

/** One independent unit of analysis: a unit, or a cluster of units. */
interface Group {
  units: number
  exposures: number
  conversions: number
  revenue: number
  pre: number | null
}

function groupRows(rows: ResultRow[], byCluster: boolean): Group[] {
  const groups = new Map<string, Group>()
  for (const r of rows) {
    const key = byCluster && r.cluster ? `c\u0000${r.cluster}` : `u\u0000${r.unit}`
    const g = groups.get(key) ?? { units: 0, exposures: 0, conversions: 0, revenue: 0, pre: 0 }
    g.units++
    g.exposures += r.exposures
    g.conversions += r.conversions
    g.revenue += r.revenue
    g.pre = g.pre === null || r.pre === null || r.pre === undefined ? null : g.pre + r.pre
    groups.set(key, g)
  }
  return [...groups.values()]
}

const interval = (x: number, half: number): Interval => ({ low: x - half, high: x + half })
const pValue = (diff: number, se: number, df: number) =>
  se > 0 ? 2 * (1 - tCdf(Math.abs(diff) / se, df)) : 1

/** Difference of two unit-level estimates with its interval and p-value (Welch df). */
function contrast(t: RatioEstimate, c: RatioEstimate, alpha: number) {
  const diff = t.value - c.value
  const se = Math.sqrt(t.variance + c.variance)
  const df = welchDf(t, c)
  return { diff, se, df, ci: interval(diff, tPpf(1 - alpha / 2, df) * se), p: pValue(diff, se, df) }
}

/** An arm's totals over its result rows (units, or a switchback's unit × period cells), and per-row mean and sd. */
export function rowTotals(
  rs: ResultRow[]
): Pick<
  ArmSummary,
  | 'exposures'
  | 'conversions'
  | 'revenue'
  | 'rate'
  | 'revenue_per_unit'
  | 'revenue_per_exposure'
  | 'revenue_sd'
> {
  const exposures = rs.reduce((s, r) => s + r.exposures, 0)
  const conversions = rs.reduce((s, r) => s + r.conversions, 0)
  const revenue = rs.reduce((s, r) => s + r.revenue, 0)
  const mean = rs.length ? revenue / rs.length : 0
  const sd =
    rs.length > 1 ? Math.sqrt(rs.reduce((s, r) => s + (r.revenue - mean) ** 2, 0) / (rs.length - 1)) : 0
  return {
    exposures,
    conversions,
    revenue,
    rate: exposures ? conversions / exposures : 0,
    revenue_per_unit: mean,
    revenue_per_exposure: exposures ? revenue / exposures : 0,
    revenue_sd: sd
  }
}

/** The arms in analysis order: the plan's, else "control" first then the others as found; at least two. */
export function armOrder(rows: ResultRow[], o: AnalysisOptions): string[] {
  const found = [...new Set(rows.map((r) => r.arm))]
  const order = o.arms?.map((a) => a.name) ?? [
    ...(found.includes('control') ? ['control'] : []),
    ...found.filter((a) => a !== 'control')
  ]
  if (order.length < 2) throw new ExperimentError('the results need at least two arms')
  return order
}

/**
 * Sample-ratio mismatch, effects with intervals, implied elasticity, and a verdict in words.
 * Every interval is computed over the unit of randomization (or its cluster): conversion
 * rate and revenue per exposure as ratio metrics by the delta method, revenue per unit by
 * Welch, CUPED-adjusted when the rows carry a pre-period covariate.
 */
export function analyzeResults(rows: ResultRow[], o: AnalysisOptions): Analysis {
  const order = armOrder(rows, o)
  const control = order[0]
  const byCluster = (o.cluster ?? false) && rows.some((r) => r.cluster)
  const byArm = new Map(order.map((a) => [a, rows.filter((r) => r.arm === a)]))
  const groups = new Map(order.map((a) => [a, groupRows(byArm.get(a) ?? [], byCluster)]))

  // CUPED: the covariate is centred per unit so that clusters of different sizes stay comparable.
  const all = order.flatMap((a) => (groups.get(a) ?? []).map((g) => ({ a, g })))
  const withPre = all.filter(({ g }) => g.pre !== null)
  const preUnits = withPre.reduce((s, { g }) => s + g.units, 0)
  const prePerUnit = preUnits ? withPre.reduce((s, { g }) => s + (g.pre as number), 0) / preUnits : 0
  const adj =
    withPre.length >= Math.max(2, all.length / 2)
      ? cuped(
          all.map(({ g }) => g.revenue),
          all.map(({ g }) => (g.pre === null ? 0 : g.pre - g.units * prePerUnit)),
          all.map(({ a }) => a)
        )
      : null
  const adjusted = new Map<Group, number>()
  all.forEach(({ g }, i) => adjusted.set(g, adj ? adj.adjusted[i] : g.revenue))

  const price = (a: string) => {
    const ps = (byArm.get(a) ?? []).map((r) => r.price).filter((p): p is number => p !== null)
    return ps.length ? ps.reduce((s, p) => s + p, 0) / ps.length : null
  }
  const est = new Map(
    order.map((a) => {
      const gs = groups.get(a) ?? []
      const units = gs.map((g) => g.units)
      const exposures = gs.map((g) => g.exposures)
      return [
        a,
        {
          rate: ratioEstimate(
            gs.map((g) => g.conversions),
            exposures
          ),
          rpe: ratioEstimate(
            gs.map((g) => g.revenue),
            exposures
          ),
          rpu: ratioEstimate(
            gs.map((g) => g.revenue),
            units
          ),
          rpuAdj: ratioEstimate(
            gs.map((g) => adjusted.get(g) as number),
            units
          )
        }
      ]
    })
  )
  const summaries: ArmSummary[] = order.map((a) => {
    const rs = byArm.get(a) ?? []
    const e = est.get(a)!
    const pc = price(a)
    const p0 = price(control)
    return {
      arm: a,
      units: rs.length,
      analysis_units: e.rate.n,
      ...rowTotals(rs),
      price_change_pct: o.priceChange?.[a] ?? (pc !== null && p0 !== null ? (pc / p0 - 1) * 100 : null)
    }
  })
  const k = order.length - 1
  const alpha = o.alpha / k
  const c = summaries[0]
  const ec = est.get(control)!
  const rng = new Rng(o.seed)
  const comparisons: ArmComparison[] = summaries.slice(1).map((t) => {
    const et = est.get(t.arm)!
    const rate = contrast(et.rate, ec.rate, alpha)
    const rpe = contrast(et.rpe, ec.rpe, alpha)
    const raw = contrast(et.rpu, ec.rpu, alpha)
    const rev = contrast(et.rpuAdj, ec.rpuAdj, alpha)
    const boot =
      o.bootstrap > 0
        ? bootstrap(groups.get(t.arm)!, groups.get(control)!, adjusted, o.bootstrap, alpha, rng)
        : null
    let eps: number | null = null
    let epsCi: Interval | null = null
    const dp = t.price_change_pct
    if (dp !== null && Math.abs(dp) > 1e-9 && t.rate > 0 && c.rate > 0) {
      // log(R_t / R_c) by the delta method: Var(log R) ≈ Var(R) / R².
      const lp = Math.log(1 + dp / 100)
      const lr = Math.log(t.rate / c.rate)
      const seL = Math.sqrt(et.rate.variance / t.rate ** 2 + ec.rate.variance / c.rate ** 2)
      const q = tPpf(1 - alpha / 2, rate.df)
      eps = lr / lp
      const a = (lr - q * seL) / lp
      const b = (lr + q * seL) / lp
      epsCi = { low: Math.min(a, b), high: Math.max(a, b) }
    }
    const sq = o.sequential ? o.sequential.tau_relative : null
    const rateSeq = sq ? alwaysValid(rate.diff, rate.se ** 2, sq * c.rate, alpha) : null
    const revSeq = sq ? alwaysValid(rev.diff, rev.se ** 2, sq * c.revenue_per_unit, alpha) : null
    const few = [t, c].filter((s) => s.analysis_units < MIN_UNITS)
    const reason = few.length
      ? `${few.map((s) => `${s.arm} has ${s.analysis_units} ${byCluster ? 'clusters' : 'units'}`).join(' and ')} (at least ${MIN_UNITS} per arm are needed)`
      : !(rev.se > 0)
        ? 'revenue does not vary between units in either arm'
        : null
    return {
      arm: t.arm,
      control,
      rate_diff: rate.diff,
      rate_diff_ci: rate.ci,
      rate_lift_pct: c.rate > 0 ? (t.rate / c.rate - 1) * 100 : 0,
      rate_p_value: rate.p,
      revenue_diff: rev.diff,
      revenue_diff_ci: rev.ci,
      revenue_lift_pct: c.revenue_per_unit > 0 ? (t.revenue_per_unit / c.revenue_per_unit - 1) * 100 : 0,
      revenue_p_value: rev.p,
      welch_df: rev.df,
      bootstrap_ci: boot,
      implied_elasticity: eps,
      implied_elasticity_ci: epsCi,
      revenue_per_exposure_diff: rpe.diff,
      revenue_per_exposure_diff_ci: rpe.ci,
      revenue_per_exposure_p_value: rpe.p,
      revenue_diff_unadjusted: raw.diff,
      revenue_diff_unadjusted_ci: raw.ci,
      enough_data: reason === null,
      not_enough_data_reason: reason,
      sequential: sq
        ? {
            tau_relative: sq,
            rate_p_value: rateSeq?.p_value ?? null,
            rate_ci: rateSeq?.ci ?? null,
            revenue_p_value: revSeq?.p_value ?? null,
            revenue_ci: revSeq?.ci ?? null
          }
        : null
    }
  })
  const weights = o.arms ?? order.map((name) => ({ name, weight: 1 }))
  const wTotal = weights.reduce((s, a) => s + a.weight, 0)
  const n = rows.length
  const observed = Object.fromEntries(summaries.map((s) => [s.arm, s.units]))
  const expected = Object.fromEntries(weights.map((a) => [a.name, (n * a.weight) / wTotal]))
  const chi = weights.reduce((s, a) => s + (observed[a.name] - expected[a.name]) ** 2 / expected[a.name], 0)
  const srm: Srm = {
    chi_square: chi,
    df: weights.length - 1,
    p_value: chiSquareSf(chi, weights.length - 1),
    observed,
    expected,
    mismatch: false
  }
  srm.mismatch = srm.p_value < SRM_ALPHA
  const cupedSummary: CupedSummary | null = adj
    ? {
        covariate: 'pre-period revenue',
        theta: adj.theta,
        variance_reduction: adj.variance_reduction,
        units_with_covariate: withPre.reduce((s, { g }) => s + g.units, 0)
      }
    : null
  const size = o.planned ? sizeCheck(o.planned, observed, o.asOf ?? null) : null
  const analysisUnit = byCluster ? 'cluster' : 'unit'
  return {
    confidence: 1 - alpha,
    arms: summaries,
    comparisons,
    srm,
    ...verdict({
      arms: summaries,
      cmp: comparisons,
      srm,
      k,
      conf: 1 - alpha,
      size,
      check: o.planCheck ?? null,
      cuped: cupedSummary,
      unit: analysisUnit
    }),
    analysis_unit: analysisUnit,
    variance_method: `delta method over ${byCluster ? 'clusters' : 'units'} for conversion rate and revenue per exposure; Welch t over ${byCluster ? 'clusters' : 'units'} for revenue per unit${cupedSummary ? ', CUPED-adjusted with pre-period revenue' : ''}`,
    cuped: cupedSummary,
    plan_check: o.planCheck ?? null,
    planned_size: size
  }
}

/** Percentile interval of the revenue-per-unit difference, resampling independent units (or clusters) within each arm. */
function bootstrap(
  t: Group[],
  c: Group[],
  value: Map<Group, number>,
  b: number,
  alpha: number,
  rng: Rng
): Interval | null {
  if (!t.length || !c.length) return null
  const arrays = (gs: Group[]) => ({
    y: Float64Array.from(gs, (g) => value.get(g) as number),
    u: Float64Array.from(gs, (g) => g.units)
  })
  const at = arrays(t)
  const ac = arrays(c)
  const draw = ({ y, u }: { y: Float64Array; u: Float64Array }) => {
    let sy = 0
    let su = 0
    for (let j = 0; j < y.length; j++) {
      const i = rng.int(y.length)
      sy += y[i]
      su += u[i]
    }
    return sy / su
  }
  const diffs = new Float64Array(b)
  for (let i = 0; i < b; i++) diffs[i] = draw(at) - draw(ac)
  diffs.sort()
  return {
    low: diffs[Math.floor((alpha / 2) * b)],
    high: diffs[Math.min(b - 1, Math.ceil((1 - alpha / 2) * b) - 1)]
  }
}

const dayOf = (iso: string) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000)

function sizeCheck(p: PlannedSize, observed: Record<string, number>, asOf: string | null): SizeCheck {
  const elapsed =
    p.start_date && asOf && Number.isFinite(dayOf(p.start_date)) ? dayOf(asOf) - dayOf(p.start_date) : null
  const unitsOk = Object.entries(p.units).every(([a, n]) => (observed[a] ?? 0) >= n)
  const daysOk = p.days === null || elapsed === null || elapsed >= p.days
  return {
    planned_units: p.units,
    observed_units: observed,
    planned_days: p.days,
    elapsed_days: elapsed,
    reached: unitsOk && daysOk
  }
}

const f = (x: number, d = 2) => grouped(x, d)
const sig = pText

export interface VerdictInput {
  arms: ArmSummary[]
  cmp: ArmComparison[]
  srm: Srm
  k: number
  conf: number
  size: SizeCheck | null
  check: PlanCheck | null
  cuped: CupedSummary | null
  unit: 'unit' | 'cluster'
}

export function verdict(v: VerdictInput): { verdict: string; caveats: string[] } {
  const { arms, cmp, srm, k, conf, size, check } = v
  const sequential = cmp[0]?.sequential?.tau_relative ?? null
  const caveats: string[] = []
  const lead: string[] = []
  if (srm.mismatch) {
    lead.push('Do not act on this test yet (sample-ratio mismatch).')
    caveats.push(
      `Sample-ratio mismatch (χ² = ${f(srm.chi_square)}, ${sig(srm.p_value)}): the arms did not receive the planned shares of units. Find out why (assignment bugs, lost logs, bots) before trusting any effect.`
    )
  }
  const bad = check ? check.rows - check.analysed_rows : 0
  if (check && check.over_limit)
    lead.push(
      `Analysed anyway although ${pct(check.problem_share)} of the rows do not match the plan (${describeProblems(check.counts)}): treat the result with suspicion.`
    )
  if (check && bad)
    caveats.push(
      `${bad} result row(s) left out because they do not match the plan (${describeProblems(check.counts)}); first on line ${check.problems[0]?.line ?? '?'}.`
    )
  if (check && check.missing_units)
    caveats.push(`${check.missing_units} planned unit(s) have no row in the results.`)
  if (size && !size.reached) {
    const short = Object.entries(size.planned_units)
      .filter(([a, n]) => (size.observed_units[a] ?? 0) < n)
      .map(([a, n]) => `${a} ${size.observed_units[a] ?? 0} of ${n} units`)
    const days =
      size.planned_days !== null && size.elapsed_days !== null && size.elapsed_days < size.planned_days
        ? `day ${size.elapsed_days} of ${size.planned_days}`
        : ''
    lead.push(
      `Read early: the test has not reached its planned size (${[...short, days].filter(Boolean).join(', ')}); ${
        sequential
          ? 'the call below uses always-valid (sequential) intervals, which hold at any look.'
          : 'an early look inflates false positives and any effect here is provisional.'
      }`
    )
  }
  if (size && size.reached) lead.push('The test reached its planned size.')
  if (k > 1)
    caveats.push(
      `${k} treatments: intervals and tests use α/${k} (Bonferroni) so the verdict holds for all of them at once.`
    )
  caveats.push(
    `Intervals treat each ${v.unit === 'cluster' ? 'cluster of randomized units' : 'randomized unit'} as one independent observation (delta method for rates), not each exposure.`
  )
  if (v.cuped)
    caveats.push(
      `Revenue per unit is CUPED-adjusted with pre-period revenue: ${pct(v.cuped.variance_reduction)} less variance, same expected difference.`
    )
  caveats.push(
    sequential
      ? `Sequential: the call uses always-valid intervals and p-values (mixture SPRT, τ = ${f(sequential * 100, 1)}% of control), valid however often the test is read; they are wider than fixed-horizon ones.`
      : 'Analyze once, at the planned end: looking repeatedly and stopping at the first significant result inflates false positives (or analyse with --sequential).'
  )
  caveats.push(
    'A price test measures the short run: novelty, stock-up and competitor reactions may differ later.'
  )
  const lines = cmp.map((c) => {
    if (!c.enough_data)
      return `${c.arm} vs ${c.control}: not enough data for a verdict: ${c.not_enough_data_reason}.`
    const t = arms.find((a) => a.arm === c.arm) as ArmSummary
    const ctl = arms.find((a) => a.arm === c.control) as ArmSummary
    const conv = `conversion ${pct(t.rate)} vs ${pct(ctl.rate)} (${c.rate_diff >= 0 ? '+' : ''}${f(c.rate_diff * 100)} points, ${Math.round(conf * 100)}% CI ${f(c.rate_diff_ci.low * 100)} to ${f(c.rate_diff_ci.high * 100)}, ${sig(c.rate_p_value)})`
    const rev = `revenue per unit ${f(t.revenue_per_unit)} vs ${f(ctl.revenue_per_unit)} (${c.revenue_diff >= 0 ? '+' : ''}${f(c.revenue_diff)}, CI ${f(c.revenue_diff_ci.low)} to ${f(c.revenue_diff_ci.high)}, ${sig(c.revenue_p_value)})`
    // Sequential: the call rests on the confidence sequence, valid at any look.
    const ci = c.sequential?.revenue_ci ?? c.revenue_diff_ci
    const seq = c.sequential?.revenue_ci
      ? `; always-valid CI ${f(c.sequential.revenue_ci.low)} to ${f(c.sequential.revenue_ci.high)}, ${pText(c.sequential.revenue_p_value ?? 1)}`
      : ''
    const call =
      ci.low > 0
        ? `${c.arm} earns more per unit than ${c.control}`
        : ci.high < 0
          ? `${c.arm} earns less per unit than ${c.control}`
          : `no revenue difference between ${c.arm} and ${c.control} can be detected`
    const el =
      c.implied_elasticity !== null && c.implied_elasticity_ci
        ? `; implied elasticity ${f(c.implied_elasticity)} (CI ${f(c.implied_elasticity_ci.low)} to ${f(c.implied_elasticity_ci.high)})`
        : ''
    return `${c.arm} vs ${c.control}: ${conv}; ${rev}${seq}${el}. ${call[0].toUpperCase()}${call.slice(1)}.`
  })
  const none = cmp.every((c) => !c.enough_data)
  return {
    verdict: [...(none ? ['Not enough data for a verdict.'] : []), ...lead, ...lines].join(' '),
    caveats
  }
}
