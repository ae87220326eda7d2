import type { ByteSource } from '../data/csv/reader'
import { readCsv } from '../data/csv/reader'
import { CsvImportError, type CsvIssue } from '../data/csv/errors'
import { MAX_ISSUES } from '../data/import/plan'
import { Rng } from '../util/rng'
import { chiSquareSf, normalCdf, normalPpf, tCdf, tPpf } from './stats'
import { ExperimentError } from './units'

/** One row of a results file: what one unit saw and did during the test. */
export interface ResultRow {
  unit: string
  arm: string
  exposures: number
  conversions: number
  revenue: number
  /** The price the unit was shown, when the file has it. */
  price: number | null
}

const COLUMNS = {
  unit: ['unit', 'unit_id', 'id'],
  arm: ['arm', 'group', 'variant'],
  exposures: ['exposures', 'visitors', 'views'],
  conversions: ['conversions', 'enrollments', 'orders'],
  revenue: ['revenue', 'tokens']
} as const

/**
 * Reads a results CSV (unit, arm, exposures, conversions, revenue, optional price).
 * Every problem is collected with its line and column; any problem means no
 * analysis at all, so a half-read file never produces a verdict.
 */
export async function readResults(
  source: ByteSource,
  file: string,
  knownArms: string[] | null
): Promise<ResultRow[]> {
  const issues: CsvIssue[] = []
  const rows: ResultRow[] = []
  let at: Record<keyof typeof COLUMNS, number> | null = null
  let header: string[] = []
  let priceAt = -1
  const seen = new Set<string>()
  await readCsv(source, { file }, (fields, line) => {
    if (!at) {
      header = fields.map((f) => f.trim())
      const lower = header.map((h) => h.toLowerCase())
      const found = Object.fromEntries(
        Object.entries(COLUMNS).map(([k, names]) => [
          k,
          lower.findIndex((h) => (names as readonly string[]).includes(h))
        ])
      ) as Record<keyof typeof COLUMNS, number>
      const missing = Object.entries(found).filter(([, v]) => v < 0)
      for (const [k] of missing)
        issues.push({
          file,
          line,
          column: 1,
          message: `missing column "${k}" (accepted names: ${COLUMNS[k as keyof typeof COLUMNS].join(', ')})`
        })
      if (missing.length) return false
      priceAt = lower.indexOf('price')
      at = found
      return
    }
    if (fields.length === 1 && fields[0].trim() === '') return
    const cols = at
    const problem = (k: number, message: string) => {
      if (issues.length < MAX_ISSUES)
        issues.push({ file, line, column: k + 1, columnName: header[k], message })
    }
    const num = (k: number, name: string, integer: boolean): number => {
      const raw = (fields[k] ?? '').trim()
      const v = Number(raw)
      if (raw === '' || !Number.isFinite(v)) problem(k, `${name} must be a number, found "${raw}"`)
      else if (v < 0) problem(k, `${name} cannot be negative (${raw})`)
      else if (integer && !Number.isInteger(v)) problem(k, `${name} must be a whole count (${raw})`)
      return v
    }
    const unit = (fields[cols.unit] ?? '').trim()
    const arm = (fields[cols.arm] ?? '').trim()
    if (!unit) problem(cols.unit, 'the unit is empty')
    else if (seen.has(unit)) problem(cols.unit, `unit "${unit}" appears twice`)
    seen.add(unit)
    if (!arm) problem(cols.arm, 'the arm is empty')
    else if (knownArms && !knownArms.includes(arm))
      problem(cols.arm, `unknown arm "${arm}" (the plan has ${knownArms.join(', ')})`)
    const exposures = num(cols.exposures, 'exposures', true)
    const conversions = num(cols.conversions, 'conversions', true)
    const revenue = num(cols.revenue, 'revenue', false)
    if (exposures >= 0 && conversions > exposures)
      problem(cols.conversions, `${conversions} conversions out of ${exposures} exposures`)
    let price: number | null = null
    if (priceAt >= 0 && (fields[priceAt] ?? '').trim() !== '') {
      price = Number(fields[priceAt])
      if (!(price > 0)) problem(priceAt, `price must be positive, found "${fields[priceAt]}"`)
    }
    rows.push({ unit, arm, exposures, conversions, revenue, price })
    if (issues.length >= MAX_ISSUES) return false
  })
  if (!issues.length && !rows.length)
    issues.push({ file, line: 1, column: 1, message: 'the file has no result rows' })
  if (issues.length) throw new CsvImportError(issues)
  return rows
}

export interface ArmSummary {
  arm: string
  units: number
  exposures: number
  conversions: number
  revenue: number
  rate: number
  revenue_per_unit: number
  revenue_sd: number
  /** Mean price change against control, from the plan or the file's price column. */
  price_change_pct: number | null
}

export interface Interval {
  low: number
  high: number
}

export interface ArmComparison {
  arm: string
  control: string
  rate_diff: number
  rate_diff_ci: Interval
  rate_lift_pct: number
  rate_p_value: number
  revenue_diff: number
  revenue_diff_ci: Interval
  revenue_lift_pct: number
  revenue_p_value: number
  welch_df: number
  bootstrap_ci: Interval | null
  implied_elasticity: number | null
  implied_elasticity_ci: Interval | null
}

export interface Srm {
  chi_square: number
  df: number
  p_value: number
  observed: Record<string, number>
  expected: Record<string, number>
  mismatch: boolean
}

export interface Analysis {
  confidence: number
  arms: ArmSummary[]
  comparisons: ArmComparison[]
  srm: Srm
  verdict: string
  caveats: string[]
}

export interface AnalysisOptions {
  /** Arms in order, control first, with their planned weights; default: arms as found, control = "control" or the first. */
  arms: { name: string; weight: number }[] | null
  alpha: number
  /** Planned mean price change per arm (percent), for the implied elasticity. */
  priceChange: Record<string, number> | null
  bootstrap: number
  seed: number
}

const SRM_ALPHA = 0.001

/** Sample-ratio mismatch, effects with intervals, implied elasticity, and a verdict in words. */
export function analyzeResults(rows: ResultRow[], o: AnalysisOptions): Analysis {
  const found = [...new Set(rows.map((r) => r.arm))]
  const order = o.arms?.map((a) => a.name) ?? [
    ...(found.includes('control') ? ['control'] : []),
    ...found.filter((a) => a !== 'control')
  ]
  if (order.length < 2) throw new ExperimentError('the results need at least two arms')
  const control = order[0]
  const byArm = new Map(order.map((a) => [a, rows.filter((r) => r.arm === a)]))
  const price = (a: string) => {
    const ps = (byArm.get(a) ?? []).map((r) => r.price).filter((p): p is number => p !== null)
    return ps.length ? ps.reduce((s, p) => s + p, 0) / ps.length : null
  }
  const summaries: ArmSummary[] = order.map((a) => {
    const rs = byArm.get(a) ?? []
    const exposures = rs.reduce((s, r) => s + r.exposures, 0)
    const conversions = rs.reduce((s, r) => s + r.conversions, 0)
    const revenue = rs.reduce((s, r) => s + r.revenue, 0)
    const mean = rs.length ? revenue / rs.length : 0
    const sd =
      rs.length > 1 ? Math.sqrt(rs.reduce((s, r) => s + (r.revenue - mean) ** 2, 0) / (rs.length - 1)) : 0
    const pc = price(a)
    const p0 = price(control)
    return {
      arm: a,
      units: rs.length,
      exposures,
      conversions,
      revenue,
      rate: exposures ? conversions / exposures : 0,
      revenue_per_unit: mean,
      revenue_sd: sd,
      price_change_pct: o.priceChange?.[a] ?? (pc !== null && p0 !== null ? (pc / p0 - 1) * 100 : null)
    }
  })
  const k = order.length - 1
  const alpha = o.alpha / k
  const z = normalPpf(1 - alpha / 2)
  const c = summaries[0]
  const rng = new Rng(o.seed)
  const comparisons: ArmComparison[] = summaries.slice(1).map((t) => {
    const se = Math.sqrt(
      (t.rate * (1 - t.rate)) / Math.max(1, t.exposures) + (c.rate * (1 - c.rate)) / Math.max(1, c.exposures)
    )
    const diff = t.rate - c.rate
    const vT = t.revenue_sd ** 2 / Math.max(1, t.units)
    const vC = c.revenue_sd ** 2 / Math.max(1, c.units)
    const seR = Math.sqrt(vT + vC)
    const df =
      seR > 0
        ? (vT + vC) ** 2 / (vT ** 2 / Math.max(1, t.units - 1) + vC ** 2 / Math.max(1, c.units - 1))
        : Infinity
    const tq = tPpf(1 - alpha / 2, df)
    const rDiff = t.revenue_per_unit - c.revenue_per_unit
    let boot: Interval | null = null
    if (o.bootstrap > 0) {
      const xs = (byArm.get(t.arm) ?? []).map((r) => r.revenue)
      const ys = (byArm.get(control) ?? []).map((r) => r.revenue)
      const diffs: number[] = []
      for (let b = 0; b < o.bootstrap; b++) {
        let sx = 0
        let sy = 0
        for (let j = 0; j < xs.length; j++) sx += xs[rng.int(xs.length)]
        for (let j = 0; j < ys.length; j++) sy += ys[rng.int(ys.length)]
        diffs.push(sx / xs.length - sy / ys.length)
      }
      diffs.sort((a, b) => a - b)
      boot = {
        low: diffs[Math.floor((alpha / 2) * o.bootstrap)],
        high: diffs[Math.min(o.bootstrap - 1, Math.ceil((1 - alpha / 2) * o.bootstrap) - 1)]
      }
    }
    let eps: number | null = null
    let epsCi: Interval | null = null
    const dp = t.price_change_pct
    if (dp !== null && Math.abs(dp) > 1e-9 && t.rate > 0 && c.rate > 0) {
      const lp = Math.log(1 + dp / 100)
      const lr = Math.log(t.rate / c.rate)
      const seL = Math.sqrt(
        (1 - t.rate) / (t.rate * Math.max(1, t.exposures)) +
          (1 - c.rate) / (c.rate * Math.max(1, c.exposures))
      )
      eps = lr / lp
      const a = (lr - z * seL) / lp
      const b = (lr + z * seL) / lp
      epsCi = { low: Math.min(a, b), high: Math.max(a, b) }
    }
    return {
      arm: t.arm,
      control,
      rate_diff: diff,
      rate_diff_ci: { low: diff - z * se, high: diff + z * se },
      rate_lift_pct: c.rate > 0 ? (t.rate / c.rate - 1) * 100 : 0,
      rate_p_value: se > 0 ? 2 * (1 - normalCdf(Math.abs(diff) / se)) : 1,
      revenue_diff: rDiff,
      revenue_diff_ci: { low: rDiff - tq * seR, high: rDiff + tq * seR },
      revenue_lift_pct: c.revenue_per_unit > 0 ? (t.revenue_per_unit / c.revenue_per_unit - 1) * 100 : 0,
      revenue_p_value: seR > 0 ? 2 * (1 - tCdf(Math.abs(rDiff) / seR, df)) : 1,
      welch_df: df,
      bootstrap_ci: boot,
      implied_elasticity: eps,
      implied_elasticity_ci: epsCi
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
  return {
    confidence: 1 - alpha,
    arms: summaries,
    comparisons,
    srm,
    ...verdict(summaries, comparisons, srm, k, 1 - alpha)
  }
}

const f = (x: number, d = 2) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const sig = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`)

function verdict(
  arms: ArmSummary[],
  cmp: ArmComparison[],
  srm: Srm,
  k: number,
  conf: number
): { verdict: string; caveats: string[] } {
  const caveats: string[] = []
  if (srm.mismatch)
    caveats.push(
      `Sample-ratio mismatch (χ² = ${f(srm.chi_square)}, ${sig(srm.p_value)}): the arms did not receive the planned shares of units. Find out why (assignment bugs, lost logs, bots) before trusting any effect.`
    )
  if (k > 1)
    caveats.push(
      `${k} treatments: intervals and tests use α/${k} (Bonferroni) so the verdict holds for all of them at once.`
    )
  caveats.push(
    'Analyze once, at the planned end: looking repeatedly and stopping at the first significant result inflates false positives.'
  )
  caveats.push(
    'A price test measures the short run: novelty, stock-up and competitor reactions may differ later.'
  )
  const lines = cmp.map((c) => {
    const t = arms.find((a) => a.arm === c.arm) as ArmSummary
    const ctl = arms.find((a) => a.arm === c.control) as ArmSummary
    const conv = `conversion ${f(t.rate * 100)}% vs ${f(ctl.rate * 100)}% (${c.rate_diff >= 0 ? '+' : ''}${f(c.rate_diff * 100)} points, ${Math.round(conf * 100)}% CI ${f(c.rate_diff_ci.low * 100)} to ${f(c.rate_diff_ci.high * 100)}, ${sig(c.rate_p_value)})`
    const rev = `revenue per unit ${f(t.revenue_per_unit)} vs ${f(ctl.revenue_per_unit)} (${c.revenue_diff >= 0 ? '+' : ''}${f(c.revenue_diff)}, CI ${f(c.revenue_diff_ci.low)} to ${f(c.revenue_diff_ci.high)}, ${sig(c.revenue_p_value)})`
    const revWins = c.revenue_diff_ci.low > 0
    const revLoses = c.revenue_diff_ci.high < 0
    const call = revWins
      ? `${c.arm} earns more per unit than ${c.control}`
      : revLoses
        ? `${c.arm} earns less per unit than ${c.control}`
        : `no revenue difference between ${c.arm} and ${c.control} can be detected`
    const el =
      c.implied_elasticity !== null && c.implied_elasticity_ci
        ? `; implied elasticity ${f(c.implied_elasticity)} (CI ${f(c.implied_elasticity_ci.low)} to ${f(c.implied_elasticity_ci.high)})`
        : ''
    return `${c.arm} vs ${c.control}: ${conv}; ${rev}${el}. ${call[0].toUpperCase()}${call.slice(1)}.`
  })
  return {
    verdict: (srm.mismatch ? 'Do not act on this test yet (sample-ratio mismatch). ' : '') + lines.join(' '),
    caveats
  }
}
