import { normalCdf, normalPpf, nctCdf, tPpf } from './stats'
import { ExperimentError } from './units'
import type { Baseline, PowerResult } from '../../shared/experiments'
import { count, pct } from '../../shared/format/numbers'

/**
 * Power and sample size, as statsmodels computes them (two-sided tests):
 * NormalIndPower for a conversion rate (effect size = Cohen's h), TTestIndPower for
 * a mean such as revenue per unit (effect size = Cohen's d). `ratio` = n2 / n1
 * (treatment units per control unit). The solvers return the continuous solution,
 * as statsmodels' solve_power does; a plan rounds it up.
 */
export function normalIndPower(effect: number, n1: number, alpha: number, ratio = 1): number {
  const n = 1 / (1 / n1 + 1 / (n1 * ratio))
  const crit = normalPpf(1 - alpha / 2)
  const shift = effect * Math.sqrt(n)
  return 1 - normalCdf(crit - shift) + normalCdf(-crit - shift)
}

export function tTestIndPower(effect: number, n1: number, alpha: number, ratio = 1): number {
  const n2 = n1 * ratio
  const n = 1 / (1 / n1 + 1 / n2)
  const df = n1 + n2 - 2
  if (!(df > 0)) return 0
  const nc = effect * Math.sqrt(n)
  const upp = tPpf(1 - alpha / 2, df)
  return 1 - nctCdf(upp, df, nc) + nctCdf(-upp, df, nc)
}

/** Cohen's h between two proportions (statsmodels' proportion_effectsize). */
export function proportionEffect(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2))
}

type PowerFn = (effect: number, n1: number, alpha: number, ratio: number) => number

/** Control units needed for the power asked (bisection on a monotone function). */
export function solveN1(fn: PowerFn, effect: number, alpha: number, power: number, ratio = 1): number {
  const e = Math.abs(effect)
  if (!(e > 0)) return Infinity
  let lo = 2
  let hi = 4
  while (fn(e, hi, alpha, ratio) < power) {
    hi *= 2
    if (hi > 1e13) return Infinity
  }
  if (fn(e, lo, alpha, ratio) >= power) return lo
  for (let k = 0; k < 200 && hi - lo > 1e-10 * hi; k++) {
    const mid = (lo + hi) / 2
    if (fn(e, mid, alpha, ratio) < power) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** The smallest effect size detectable with n1 control units at the power asked. */
export function solveEffect(fn: PowerFn, n1: number, alpha: number, power: number, ratio = 1): number {
  let lo = 0
  let hi = 1
  while (fn(hi, n1, alpha, ratio) < power) {
    hi *= 2
    if (hi > 1e6) return Infinity
  }
  for (let k = 0; k < 200 && hi - lo > 1e-12; k++) {
    const mid = (lo + hi) / 2
    if (fn(mid, n1, alpha, ratio) < power) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

export interface PowerInput {
  baseline: Baseline
  alpha: number
  power: number
  /** Relative minimum detectable effect, e.g. 0.05 for a 5% lift; null to solve for it. */
  mde: number | null
  /** Treatment arms, each with `ratio` units per control unit. */
  treatments: number
  ratio: number
  /** Units that exist (a fixed catalog) or will arrive; null when unlimited. */
  units_available: number | null
}

/** The relative lift an effect size corresponds to, from the baseline. */
function liftOf(b: Baseline, effect: number): number {
  if (b.kind === 'mean') return (effect * b.sd) / b.mean
  const p2 = Math.sin(Math.asin(Math.sqrt(b.rate)) + effect / 2) ** 2
  return p2 / b.rate - 1
}

function effectOf(b: Baseline, mde: number): number {
  if (b.kind === 'mean') return (mde * b.mean) / b.sd
  const p2 = b.rate * (1 + mde)
  if (!(p2 > 0 && p2 < 1))
    throw new ExperimentError(`a ${pct(mde)} lift takes the rate ${b.rate} outside (0, 1)`)
  return Math.abs(proportionEffect(p2, b.rate))
}

/** Required units for the MDE, or the MDE reachable with the units available; both when both are known. */
export function designPower(i: PowerInput): PowerResult {
  const fn: PowerFn = i.baseline.kind === 'rate' ? normalIndPower : tTestIndPower
  const test = i.baseline.kind === 'rate' ? 'two-proportion z-test' : 'two-sample t-test'
  const k = Math.max(1, i.treatments)
  const perControl = 1 + k * i.ratio
  let control: number | null = null
  let effect: number | null = null
  if (i.mde !== null) {
    effect = effectOf(i.baseline, i.mde)
    // Several treatments: each comparison at α / k (Bonferroni), so the plan holds for all of them.
    const n1 = solveN1(fn, effect, i.alpha / k, i.power, i.ratio)
    control = Number.isFinite(n1) ? Math.ceil(n1) : null
  }
  const required = control === null ? null : control + k * Math.ceil(control * i.ratio)
  let mdeAchievable: number | null = null
  if (i.units_available !== null) {
    const n1 = i.units_available / perControl
    mdeAchievable = n1 >= 2 ? liftOf(i.baseline, solveEffect(fn, n1, i.alpha / k, i.power, i.ratio)) : null
  }
  const enough = required !== null && i.units_available !== null ? required <= i.units_available : null
  const parts: string[] = []
  if (required !== null && i.mde !== null)
    parts.push(
      `${count(required)} units detect a ${pct(i.mde)} change with ${pct(i.power)} power at α = ${i.alpha}${k > 1 ? ` (Bonferroni over ${k} treatments)` : ''}`
    )
  if (i.mde !== null && required === null) parts.push('no finite sample detects that change')
  if (enough === false)
    parts.push(
      `only ${count(i.units_available ?? 0)} units exist: the smallest detectable change with them is ${mdeAchievable === null ? 'undefined' : pct(mdeAchievable)}`
    )
  else if (i.mde === null && mdeAchievable !== null)
    parts.push(
      `with ${count(i.units_available ?? 0)} units the smallest detectable change is ${pct(mdeAchievable)}`
    )
  return {
    test,
    effect_size: effect,
    control_units: control,
    treatment_units: control === null ? null : Math.ceil(control * i.ratio),
    required_units: required,
    mde_achievable: mdeAchievable,
    enough,
    best_control_share: Math.sqrt(k) / (Math.sqrt(k) + k),
    message: parts.join('; ')
  }
}

/**
 * The power a test with these units has for one relative effect (e.g. the effect the planned
 * price changes are expected to have), Bonferroni over the treatments as in designPower.
 */
export function powerAtEffect(
  b: Baseline,
  effect: number,
  unitsAvailable: number,
  alpha: number,
  treatments: number,
  ratio: number
): number | null {
  const k = Math.max(1, treatments)
  const n1 = unitsAvailable / (1 + k * ratio)
  if (!(n1 >= 2) || !Number.isFinite(effect)) return null
  if (b.kind === 'mean') {
    if (!(b.sd > 0)) return null
    return tTestIndPower(Math.abs((effect * b.mean) / b.sd), n1, alpha / k, ratio)
  }
  const p2 = b.rate * (1 + effect)
  if (!(p2 > 0 && p2 < 1)) return null
  return normalIndPower(Math.abs(proportionEffect(p2, b.rate)), n1, alpha / k, ratio)
}
