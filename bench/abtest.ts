/**
 * `npm run bench -- abtest`: does the A/B analysis hold its error rate when units differ?
 * Null experiments and experiments with an effect planted at the planned MDE, drawn by the
 * core's simulator (beta-binomial units, skewed exposures, varying order values), for
 * intra-unit correlations 0, 0.02 and 0.17; and CUPED on the EdTech sample's courses.
 */
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { generateSampleData } from '../src/core/data/sample/generate'
import { analyzeResults } from '../src/core/experiments/analyze'
import { cupedReduction } from '../src/core/experiments/cuped-plan'
import { designPower } from '../src/core/experiments/power'
import type { Baseline } from '../src/shared/experiments'
import { ratioBaseline } from '../src/core/experiments/ratio'
import { simulateUnits, type SimSpec } from '../src/core/experiments/simulate'
import { normalCdf } from '../src/core/experiments/stats'
import { loadCourses, PRE_PERIODS } from '../src/core/experiments/units'
import { Rng } from '../src/core/util/rng'
import type { ResultRow } from '../src/core/experiments/results-file'

// A smaller count only for a smoke run; the bench's figures use 2,000.
const RUNS = Number(process.env.ABTEST_RUNS ?? 2000)
const PER_ARM = 1000
const ALPHA = 0.05
const POWER = 0.8
const BASE: Omit<SimSpec, 'icc' | 'lift'> = {
  units: [PER_ARM, PER_ARM],
  rate: 0.1,
  exposures: 20,
  orderValue: 30
}
const opts = { arms: null, alpha: ALPHA, priceChange: null, bootstrap: 0, seed: 1 }

/** Today's old analysis of conversion: every exposure an independent Bernoulli trial (for comparison only). */
function exposureLevelP(rows: ResultRow[]): number {
  const sum = (arm: string) => {
    const rs = rows.filter((r) => r.arm === arm)
    return { n: rs.reduce((s, r) => s + r.exposures, 0), k: rs.reduce((s, r) => s + r.conversions, 0) }
  }
  const c = sum('control')
  const t = sum('treatment')
  const pc = c.k / c.n
  const pt = t.k / t.n
  const se = Math.sqrt((pt * (1 - pt)) / t.n + (pc * (1 - pc)) / c.n)
  return 2 * (1 - normalCdf(Math.abs(pt - pc) / se))
}

function rates(rng: Rng, spec: SimSpec, runs: number) {
  let conv = 0
  let rpu = 0
  let rpe = 0
  let old = 0
  for (let r = 0; r < runs; r++) {
    const rows = simulateUnits(rng, spec)
    const c = analyzeResults(rows, opts).comparisons[0]
    if (c.rate_p_value < ALPHA) conv++
    if (c.revenue_p_value < ALPHA) rpu++
    if (c.revenue_per_exposure_p_value < ALPHA) rpe++
    if (exposureLevelP(rows) < ALPHA) old++
  }
  return {
    conversion: conv / runs,
    revenue_per_unit: rpu / runs,
    revenue_per_exposure: rpe / runs,
    exposure_level_conversion: old / runs
  }
}

/**
 * The MDE a plan of PER_ARM units per arm can detect. A lift that multiplies every unit's
 * rate also widens the treatment arm's spread, so the plan uses both arms' variances (as
 * Welch's test will): from pilots of 200,000 control units and treated units at the
 * candidate MDE, iterated to a fixed point (three steps settle it to < 0.1%).
 */
function plannedMde(rng: Rng, icc: number) {
  const pilot = (lift: number) => simulateUnits(rng, { ...BASE, units: [0, 200_000], icc, lift })
  const sds = (rows: ResultRow[]) => ({
    conversion: ratioBaseline(
      rows.map((r) => r.conversions),
      rows.map((r) => r.exposures)
    ),
    revenue_per_unit: ratioBaseline(
      rows.map((r) => r.revenue),
      rows.map(() => 1)
    )
  })
  const control = sds(pilot(0))
  const mdeOf = (c: Baseline, t: Baseline | null) => {
    if (c.kind !== 'mean' || (t && t.kind !== 'mean')) throw new Error('mean baselines expected')
    const sd = t && t.kind === 'mean' ? Math.sqrt((c.sd ** 2 + t.sd ** 2) / 2) : c.sd
    return designPower({
      baseline: { kind: 'mean', mean: c.mean, sd },
      alpha: ALPHA,
      power: POWER,
      mde: null,
      treatments: 1,
      ratio: 1,
      units_available: 2 * PER_ARM
    }).mde_achievable as number
  }
  const solve = (k: 'conversion' | 'revenue_per_unit') => {
    let mde = mdeOf(control[k], null)
    for (let i = 0; i < 3; i++) mde = mdeOf(control[k], sds(pilot(mde))[k])
    return mde
  }
  return { conversion: solve('conversion'), revenue_per_unit: solve('revenue_per_unit') }
}

function within(x: number, lo: number, hi: number) {
  return x >= lo && x <= hi
}

export function benchAbtestSimulation(): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, icc] of [0, 0.02, 0.17].entries()) {
    const rng = new Rng(1000 + k)
    const t0 = performance.now()
    const fpr = rates(rng, { ...BASE, icc, lift: 0 }, RUNS)
    const mde = plannedMde(rng, icc)
    const convPower = rates(rng, { ...BASE, icc, lift: mde.conversion }, RUNS).conversion
    const revPower = rates(rng, { ...BASE, icc, lift: mde.revenue_per_unit }, RUNS).revenue_per_unit
    out[`icc_${icc}`] = {
      null_experiments: RUNS,
      units_per_arm: PER_ARM,
      false_positive_rate: fpr,
      fpr_target: [0.035, 0.065],
      fpr_ok:
        within(fpr.conversion, 0.035, 0.065) &&
        within(fpr.revenue_per_unit, 0.035, 0.065) &&
        within(fpr.revenue_per_exposure, 0.035, 0.065),
      planned_mde: mde,
      planted_experiments: RUNS,
      power_planned: POWER,
      power_found: { conversion: convPower, revenue_per_unit: revPower },
      power_ok: Math.abs(convPower - POWER) <= 0.03 && Math.abs(revPower - POWER) <= 0.03,
      seconds: Math.round((performance.now() - t0) / 100) / 10
    }
    console.log(`abtest: ICC ${icc}`, JSON.stringify(out[`icc_${icc}`]))
  }
  return out
}

/**
 * CUPED on the EdTech sample: a test of W weeks starting W weeks before the data ends,
 * each course's mean weekly revenue then, adjusted with its mean over the 12 weeks before.
 */
export function benchAbtestCuped(tmp: string): Record<string, unknown> {
  const path = join(tmp, 'abtest-cuped.pricelab')
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
  const db = openSqlite(path)
  migrate(db)
  generateSampleData(db, { seed: 42, scale: 1 })
  const last = db.prepare<{ d: string }>('SELECT max(week_start) AS d FROM course_price_history').get()!.d
  const out: Record<string, unknown> = {}
  for (const weeks of [1, 4]) {
    const start = new Date(Date.parse(`${last}T00:00:00Z`) - 7 * (weeks - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10)
    const units = loadCourses(db, start)
    const test = new Map(
      db
        .prepare<{ id: string; y: number }>(
          'SELECT CAST(course_id AS TEXT) AS id, sum(token_price * enrollments) AS y FROM course_price_history WHERE week_start >= ? GROUP BY course_id'
        )
        .all(start)
        .map((r) => [r.id, r.y / weeks])
    )
    // An A/A split, analysed as results would be: the CUPED figure the analysis reports.
    const rng = new Rng(7)
    const rows: ResultRow[] = units.ids.map((id, i) => ({
      unit: id,
      arm: rng.bernoulli(0.5) ? 'treatment' : 'control',
      exposures: 100,
      conversions: 0,
      revenue: test.get(id) ?? 0,
      price: null,
      pre: units.revenue[i]
    }))
    const a = analyzeResults(rows, opts)
    out[`weeks_${weeks}`] = {
      courses: units.ids.length,
      start,
      pre_periods: PRE_PERIODS,
      variance_reduction_analysis: a.cuped?.variance_reduction ?? null,
      variance_reduction_planned: units.components
        ? cupedReduction(units.components, weeks, PRE_PERIODS)
        : null,
      ci_width_ratio:
        (a.comparisons[0].revenue_diff_ci.high - a.comparisons[0].revenue_diff_ci.low) /
        (a.comparisons[0].revenue_diff_unadjusted_ci.high - a.comparisons[0].revenue_diff_unadjusted_ci.low)
    }
  }
  db.close()
  console.log('abtest: CUPED', JSON.stringify(out))
  return out
}
