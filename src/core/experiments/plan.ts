import { groupBy } from '../util/group'
import { ASSIGNMENT_ALGORITHM, assignArms, HOLDOUT } from './assign'
import { balanceTable } from './balance'
import type {
  ArmSpec,
  Baseline,
  CupedPlan,
  ExperimentDesign,
  PlanSummary,
  PowerResult,
  StratumRow,
  TreatmentCheck
} from '../../shared/experiments'
import { fingerprint } from './hash'
import { designPower, powerAtEffect } from './power'
import {
  distribution,
  expectedLearnerEffect,
  expectedRevenueEffect,
  pricesUnitByUnit,
  type EffectModel
} from './treatment'
import { cupedPlan } from './cuped-plan'
import { clusterPeriodNoise } from './switchback-plan'
import { ExperimentError, PRE_PERIODS, type UnitSet } from './units'
import { strataLabel } from './strata-label'
import { designLabel, unitNoun } from './vocabulary'
import { count, fixed, pct } from '../../shared/format/numbers'

export interface Assignment {
  unit_id: string
  arm: string
  stratum: string
  cluster: string | null
  current_price: number | null
  assigned_price: number | null
  price_change_pct: number
}

/** A plan as designed: the summary the API returns (the contract's) and the per-unit assignments. */
export interface ExperimentPlan extends PlanSummary {
  assignments: Assignment[]
}

/** Resolved price of a unit in an arm (for scenario and optimized arms); null when the arm does not price that unit. */
export type ArmPriceFn = (arm: ArmSpec, unitId: string, current: number) => number | null

const MAX_WEEKS = 26
/** Fewer units than this in an arm and no interval can be computed, whatever --accept-underpowered says. */
export const MIN_ARM_UNITS = 2

/** The stratum of the units left alone in theirs once unmoved units were left out. */
const POOLED_STRATUM = 'other (pooled)'

export function checkDesign(d: ExperimentDesign, units: UnitSet): void {
  if (d.arms.length < 2)
    throw new ExperimentError('an experiment needs a control and at least one treatment arm')
  const names = d.arms.map((a) => a.name)
  if (new Set(names).size !== names.length) throw new ExperimentError(`arm names repeat: ${names.join(', ')}`)
  if (names.includes(HOLDOUT)) throw new ExperimentError(`"${HOLDOUT}" is reserved for the holdout share`)
  if (d.arms[0].change.kind !== 'none')
    throw new ExperimentError(
      `the first arm ("${d.arms[0].name}") is the control: it must keep today's prices`
    )
  for (const a of d.arms.slice(1))
    if (a.change.kind === 'none')
      throw new ExperimentError(
        `arm "${a.name}" changes no price: give it a change, a scenario or the optimized prices`
      )
  if (units.kind === 'learners')
    for (const a of d.arms)
      if (a.change.kind === 'scenario' || a.change.kind === 'optimized')
        throw new ExperimentError(
          `learner arms change every price by a percentage; "${a.name}" uses per-course prices: test those with course units`
        )
  if (d.metric === 'conversion' && units.converted === null)
    throw new ExperimentError(
      'a conversion metric needs learner units; for courses test revenue per course-week'
    )
  const ids = new Set(units.ids)
  const unknown = d.pinned.filter((p) => !ids.has(p.unit)).map((p) => p.unit)
  if (unknown.length) throw new ExperimentError(`pinned units not found: ${unknown.slice(0, 10).join(', ')}`)
  const badArm = d.pinned.filter((p) => !names.includes(p.arm))
  if (badArm.length)
    throw new ExperimentError(
      `units pinned to unknown arms: ${badArm
        .slice(0, 10)
        .map((p) => `${p.unit} → ${p.arm}`)
        .join(', ')}`
    )
}

/**
 * Turns a design into a plan: who is in which arm at which price, whether the
 * groups are balanced, and whether the test can detect the effect asked for.
 */
export function planExperiment(
  d: ExperimentDesign,
  units: UnitSet,
  armPrice: ArmPriceFn,
  effects: EffectModel | null = null
): ExperimentPlan {
  checkDesign(d, units)
  const excluded = new Set(d.exclude)
  const strataAll = units.strata(d.stratify)
  const pinned = new Map(d.pinned.map((p) => [p.unit, p.arm]))
  const priceIn = (a: ArmSpec, i: number) => armPriceOf(a, units.ids[i], units.prices[i], armPrice)
  const listed = units.ids.map((_, i) => i).filter((i) => !excluded.has(units.ids[i]))
  const { kept: idx, leftOut } = leftOutUnmoved(d, listed, priceIn, (i) => pinned.has(units.ids[i]))
  // A stratum of one unit cannot be split: refuse rather than leave one arm without it. One that the
  // treatment's minimum change thinned to a single unit is pooled with the other thinned ones instead.
  const unitStratum = [...strataAll]
  const pooled: string[] = []
  if (d.stratify !== 'none') {
    const count = (among: number[]) => {
      const c = new Map<string, number>()
      for (const i of among)
        if (!pinned.has(units.ids[i])) c.set(unitStratum[i], (c.get(unitStratum[i]) ?? 0) + 1)
      return c
    }
    const before = count(listed)
    const single = [...count(idx)].filter(([, n]) => n === 1).map(([s]) => s)
    const thinned = new Set(single.filter((s) => (before.get(s) ?? 0) > 1))
    const refused = single.filter((s) => !thinned.has(s))
    if (thinned.size > 1) {
      for (const i of idx) if (thinned.has(unitStratum[i])) unitStratum[i] = POOLED_STRATUM
      pooled.push(...thinned)
    } else if (thinned.size === 1) {
      // Alone even when pooled: that unit is left out with the unmoved ones (and counted with them).
      const k = idx.findIndex((i) => thinned.has(unitStratum[i]) && !pinned.has(units.ids[i]))
      leftOut.push(...idx.splice(k, 1))
    }
    if (refused.length)
      throw new ExperimentError(
        `stratum ${refused.map((s) => `"${s}"`).join(', ')} has only one unit: it cannot be split between arms; stratify more coarsely, pin that unit, or exclude it`
      )
  }
  const cluster = (d.cluster && units.kind === 'courses') || (units.kind === 'items' && d.cluster_by !== null)
  const clusterWord = units.kind === 'items' ? (d.cluster_by ?? 'cluster') : 'teacher'
  const noun = unitNoun(units.kind, units.unit_column ?? null)
  const switchback = d.schedule === 'switchback'
  const arms = assignArms(
    idx.map((i) => ({
      id: units.ids[i],
      stratum: unitStratum[i],
      cluster: cluster ? units.clusters[i] : null
    })),
    {
      seed: d.seed,
      arms: d.arms.map((a) => ({ name: a.name, weight: a.weight })),
      stratified: d.stratify !== 'none',
      holdout: d.holdout,
      pinned
    }
  )
  const spec = new Map(d.arms.map((a) => [a.name, a]))
  const warnings: string[] = []
  const unpriced: string[] = []
  const assignments: Assignment[] = idx.map((i) => {
    const id = units.ids[i]
    const arm = arms.get(id) as string
    const cur = units.prices[i]
    const a = spec.get(arm)
    const planned = a ? priceIn(a, i) : { price: cur, pct: 0 }
    if (planned.pct === null) unpriced.push(id)
    const price = planned.price
    const pct = planned.pct ?? 0
    return {
      unit_id: id,
      arm,
      stratum: unitStratum[i],
      cluster: cluster ? units.clusters[i] : null,
      current_price: cur,
      assigned_price: price,
      price_change_pct: pct
    }
  })
  if (unpriced.length)
    warnings.push(`${unpriced.length} units have no price in their arm's scenario and keep today's price`)

  const inTest = assignments.map((a, k) => ({ a, i: idx[k] })).filter(({ a }) => a.arm !== HOLDOUT)
  const armCounts: Record<string, number> = Object.fromEntries(d.arms.map((a) => [a.name, 0]))
  for (const { a } of inTest) armCounts[a.arm] = (armCounts[a.arm] ?? 0) + 1
  const holdout = assignments.length - inTest.length
  // A plan that cannot run is refused whatever the power: an arm needs two units to have a variance at all.
  const thin = d.arms.filter((a) => (armCounts[a.name] ?? 0) < MIN_ARM_UNITS)
  if (thin.length)
    throw new ExperimentError(
      inTest.length === 0
        ? `the plan has no units in the test (${units.ids.length} found, ${units.ids.length - listed.length} excluded, ${holdout} held out): nothing to randomize`
        : `every arm needs at least ${MIN_ARM_UNITS} units; ${thin.map((a) => `"${a.name}" has ${armCounts[a.name] ?? 0}`).join(', ')} (${inTest.length} units in the test): use more units, fewer arms or a smaller holdout`
    )

  const revenue = inTest.map(({ i }) => units.revenue[i])
  const mean = revenue.reduce((s, x) => s + x, 0) / Math.max(1, revenue.length)
  const sd = Math.sqrt(revenue.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, revenue.length - 1))
  const rate = units.converted
    ? inTest.reduce((s, { i }) => s + (units.converted as number[])[i], 0) / Math.max(1, inTest.length)
    : null
  const treatments = d.arms.length - 1
  // Randomizing whole clusters: outcomes within a cluster move together, so the test
  // has fewer independent units than rows. The design effect 1 + (m − 1)·ICC, from the
  // data, shrinks the units available (and so raises the MDE reachable).
  // A switchback by cluster compares each cluster with itself week by week: its independent units are
  // the clusters, each in both arms, and its noise is the clusters' own week-to-week noise.
  const sbNoise =
    switchback && cluster && units.series
      ? clusterPeriodNoise(
          inTest.map(({ i }) => units.clusters[i]),
          inTest.map(({ i }) => (units.series as number[][])[i])
        )
      : null
  const deff = sbNoise
    ? inTest.length / sbNoise.clusters
    : cluster
      ? designEffect(
          inTest.map(({ i }) => units.clusters[i] ?? ''),
          revenue
        )
      : 1
  // Switchback: every unit is in both arms (alternate periods), so each counts once per arm.
  const effective = (inTest.length / deff) * (switchback ? 2 : 1)
  const ratio = d.arms.slice(1).reduce((s, a) => s + a.weight, 0) / treatments / d.arms[0].weight
  const powerAt = (baseline: Baseline) =>
    designPower({
      baseline,
      alpha: d.alpha,
      power: d.power,
      mde: d.mde,
      treatments,
      ratio,
      units_available: effective
    })
  /** Learners arrive over time: days until enough of them have come, plus the window their outcome needs. */
  const learnerDays = (p: PowerResult) =>
    p.required_units !== null && units.arrivals_per_day
      ? Math.ceil(
          p.required_units / ((units.arrivals_per_day * inTest.length) / Math.max(1, units.ids.length))
        ) + units.window_days
      : null
  let baseline: Baseline
  let power: PowerResult
  let cuped: CupedPlan | null = null
  let weeks: number | null = null
  let days: number | null = null
  if (d.metric === 'conversion') {
    if (rate === null || !(rate > 0 && rate < 1))
      throw new ExperimentError(`the baseline conversion rate is ${rate}: nothing to test against`)
    baseline = { kind: 'rate', rate }
    power = powerAt(baseline)
    days = learnerDays(power)
  } else if (units.components) {
    // Courses: each course's mean weekly revenue over W weeks; more weeks shrink the within-course noise.
    const { between, within } = units.components
    // Switchback: a unit's own level cancels between its arms; only the period noise is left,
    // over half the periods in each arm: the difference has variance 4·within/W, i.e. sd² = 2·within/W per arm.
    const sdAt = (w: number) =>
      switchback
        ? Math.sqrt((2 * (sbNoise?.within ?? within)) / Math.max(2, w))
        : Math.sqrt(between + within / w)
    const at = (w: number) => {
      const b: Baseline = { kind: 'mean', mean, sd: sdAt(w) }
      return { b, p: powerAt(b) }
    }
    let found = null as ReturnType<typeof at> | null
    for (let w = switchback ? 2 : 1; w <= MAX_WEEKS && d.mde !== null; w++) {
      const r = at(w)
      if (r.p.enough) {
        found = r
        weeks = w
        break
      }
    }
    const r = found ?? at(MAX_WEEKS)
    baseline = r.b
    power = found
      ? r.p
      : {
          ...r.p,
          message: `${r.p.message}${d.mde !== null ? ` (even over ${MAX_WEEKS} weeks)` : ` over ${MAX_WEEKS} weeks`}`
        }
    if (weeks !== null) days = weeks * 7
    // A switchback compares a unit with itself: pre-period revenue has nothing left to remove.
    if (!switchback)
      cuped = cupedPlan(units.components, mean, PRE_PERIODS, weeks ?? MAX_WEEKS, MAX_WEEKS, powerAt)
  } else {
    baseline = { kind: 'mean', mean, sd }
    power = powerAt(baseline)
    days = learnerDays(power)
  }
  if (deff > 1) {
    // Power counted independent units; a clustered plan needs deff times as many courses.
    const up = (x: number | null) => (x === null ? null : Math.ceil(x * deff))
    power = {
      ...power,
      control_units: up(power.control_units),
      treatment_units: up(power.treatment_units),
      required_units: up(power.required_units)
    }
    if (cuped) cuped = { ...cuped, required_units: up(cuped.required_units) }
  }
  if (deff > 1.05)
    warnings.push(
      `clustered by ${clusterWord}: design effect ${fixed(deff, 2)}, so ${count(inTest.length)} ${noun.many} count as ${count(Math.round(effective))} independent ones in the power figures`
    )
  if (power.enough === false) warnings.push(`too few units for the MDE asked: ${power.message}`)
  // The analysis adjusts revenue with pre-period revenue (CUPED) where it can: judge the expected effect by that test.
  const analysed: Baseline =
    cuped && baseline.kind === 'mean'
      ? { ...baseline, sd: baseline.sd * Math.sqrt(1 - cuped.variance_reduction) }
      : baseline
  const treatment = checkTreatment(d, {
    units,
    inTest,
    leftOut: leftOut.length,
    effects,
    mde: cuped?.mde_achievable ?? power.mde_achievable ?? d.mde,
    powerFor: (effect) => powerAtEffect(analysed, effect, effective, d.alpha, treatments, ratio)
  })

  const byStratum = groupBy(
    inTest.map(({ a, i }) => ({ i, arm: a.arm, stratum: a.stratum })),
    (r) => r.stratum
  )
  const strata: StratumRow[] = [...byStratum]
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([stratum, rows]) => ({
      stratum,
      units: rows.length,
      arms: Object.fromEntries(d.arms.map((a) => [a.name, rows.filter((r) => r.arm === a.name).length])),
      baseline_mean: rows.reduce((s, r) => s + units.revenue[r.i], 0) / rows.length,
      baseline_rate: units.converted
        ? rows.reduce((s, r) => s + (units.converted as number[])[r.i], 0) / rows.length
        : null
    }))
  const balance = balanceTable(
    units.covariates.map((c) => ({ name: c.name, values: inTest.map(({ i }) => c.values[i]) })),
    d.arms.map((a) => a.name),
    d.arms[0].name,
    inTest.map(({ a }) => a.arm)
  )
  const flagged = balance.filter((b) => b.flagged)
  if (pooled.length)
    warnings.push(
      `strata ${pooled.map((x) => `"${x}"`).join(', ')} kept one unit each whose price moves by the minimum change: they are randomized together as "${POOLED_STRATUM}"`
    )
  if (flagged.length)
    warnings.push(
      `${flagged.length} covariate(s) differ by |SMD| > 0.1 (${flagged
        .slice(0, 5)
        .map((b) => b.covariate)
        .join(', ')}): consider stratifying or re-randomizing with another seed`
    )
  const input = units.ids
    .map((id, i) => `${id},${strataAll[i]},${units.prices[i] ?? ''},${units.revenue[i]}`)
    .join('\n')
  return {
    name: d.name,
    algorithm: ASSIGNMENT_ALGORITHM,
    seed: d.seed,
    design: d,
    stratified_by: strataLabel(d.stratify, units.kind, units.segment_column),
    unit_noun: noun,
    design_label: designLabel(d),
    clusters: cluster ? new Set(inTest.map(({ a }) => a.cluster)).size : null,
    cannibalization: cannibalizationAdvice(d, units, noun.many, effects),
    as_of: units.as_of,
    fingerprint: fingerprint(`${units.kind}\n${input}`),
    units: inTest.length,
    holdout_units: holdout,
    excluded_units: units.ids.length - listed.length,
    arms: armCounts,
    baseline,
    power,
    duration: { weeks, days },
    strata,
    balance,
    max_abs_smd: balance.reduce((m, b) => Math.max(m, Math.abs(b.smd)), 0),
    assignments,
    warnings,
    cuped,
    treatment
  }
}

/** A unit's price in an arm and its change in percent; pct null when the arm's prices do not cover the unit. */
function armPriceOf(
  a: ArmSpec,
  id: string,
  cur: number | null,
  armPrice: ArmPriceFn
): { price: number | null; pct: number | null } {
  if (a.change.kind === 'pct') {
    const pct = a.change.pct
    return { price: cur === null ? null : Math.round(cur * (1 + pct / 100) * 100) / 100, pct }
  }
  if (cur === null || a.change.kind === 'none') return { price: cur, pct: 0 }
  const p = armPrice(a, id, cur)
  return p === null ? { price: cur, pct: null } : { price: p, pct: (p / cur - 1) * 100 }
}

/**
 * When every treatment arm prices unit by unit (a scenario, the optimizer), a unit none of them moves
 * by the minimum change would be tested at today's price in every arm: it is left out, and counted.
 * Pinned units stay. If no unit moves at all, none is left out: the plan exists, flagged as testing nothing.
 */
function leftOutUnmoved(
  d: ExperimentDesign,
  listed: number[],
  priceIn: (a: ArmSpec, i: number) => { pct: number | null },
  isPinned: (i: number) => boolean
): { kept: number[]; leftOut: number[] } {
  const treatments = d.arms.slice(1)
  if (!treatments.every(pricesUnitByUnit)) return { kept: listed, leftOut: [] }
  const moves = (i: number) =>
    treatments.some((a) => {
      const pct = priceIn(a, i).pct
      return pct !== null && Math.abs(pct) / 100 >= d.min_change - 1e-9
    })
  const kept = listed.filter((i) => isPinned(i) || moves(i))
  if (!kept.some((i) => !isPinned(i))) return { kept: listed, leftOut: [] }
  return { kept, leftOut: listed.filter((i) => !kept.includes(i)) }
}

interface TreatmentInputs {
  units: UnitSet
  inTest: { a: Assignment; i: number }[]
  leftOut: number
  effects: EffectModel | null
  mde: number | null
  powerFor: (effect: number) => number | null
}

/** Per treatment arm: how many prices move, by how much, the expected effect and the power for it; flags. */
function checkTreatment(d: ExperimentDesign, x: TreatmentInputs): TreatmentCheck {
  const pctOf = pct
  const flags: string[] = []
  const segments = x.units.segments ?? null
  const arms = d.arms.slice(1).map((spec) => {
    const rows = x.inTest.filter(({ a }) => a.arm === spec.name)
    const changed = rows.filter(({ a }) => Math.abs(a.price_change_pct) / 100 >= d.min_change - 1e-9)
    const priced = rows.filter(({ a }) => a.current_price !== null && a.assigned_price !== null)
    let expected: number | null = null
    let basis: string
    if (x.units.kind === 'learners' && spec.change.kind === 'pct') {
      const r =
        x.effects && x.units.mix
          ? expectedLearnerEffect(spec.change.pct, x.units.mix, x.effects, d.metric)
          : { effect: null, missing: 'no elasticity run to compute it from: estimate elasticities first' }
      expected = r.effect
      basis =
        r.missing ??
        `a ${spec.change.pct}% change of every price, the ${x.effects?.source} per course category${x.effects?.cross.length ? ' with cross-price effects' : ''}, weighted by the learners' ${d.metric === 'revenue' ? 'spend' : 'enrollments'} per category in the last ${x.units.window_days} days`
    } else if (d.metric !== 'revenue' || !priced.length)
      basis = 'computed for revenue tests of priced units only'
    else if (!x.effects) basis = 'no elasticity run to compute it from: estimate elasticities first'
    else if (!segments) basis = 'the units have no segment to take an elasticity from'
    else {
      const r = expectedRevenueEffect(
        priced.map(({ a, i }) => ({
          current: a.current_price as number,
          assigned: a.assigned_price as number,
          revenue: x.units.revenue[i],
          segment: segments[i],
          group: x.units.groups?.[i] ?? null
        })),
        x.effects
      )
      expected = r.effect
      basis =
        r.missing ??
        `the planned prices and the ${x.effects.source}${x.effects.cross.length ? ', with cross-price effects within each store' : ''}`
    }
    const power = expected === null ? null : x.powerFor(expected)
    if (!changed.length)
      flags.push(
        `arm "${spec.name}" changes no price by ${pctOf(d.min_change)} or more: the test cannot tell it from the control`
      )
    else if (expected !== null && x.mde !== null && Math.abs(expected) < x.mde)
      flags.push(
        `arm "${spec.name}" is expected to change revenue per unit by ${pctOf(expected)}, below the ${pctOf(x.mde)} the test can detect (power ${power === null ? 'n/a' : pctOf(power)} for it)`
      )
    return {
      arm: spec.name,
      units: rows.length,
      changed_units: changed.length,
      change_pct: distribution(rows.map(({ a }) => a.price_change_pct)),
      expected_effect: expected,
      basis,
      power_at_expected: power
    }
  })
  return {
    min_change: d.min_change,
    left_out_units: x.leftOut,
    arms,
    changes_nothing: arms.every((a) => a.changed_units === 0),
    below_mde: arms.some(
      (a) => a.expected_effect !== null && x.mde !== null && Math.abs(a.expected_effect) < x.mde
    ),
    flags
  }
}

/** Design effect of cluster randomization, 1 + (m̄ − 1)·ICC, with the ICC from a one-way ANOVA (never below 1). */
export function designEffect(cluster: string[], y: number[]): number {
  const groups = new Map([...groupBy(y.keys(), (i) => cluster[i])].map(([c, ix]) => [c, ix.map((i) => y[i])]))
  const g = groups.size
  const n = y.length
  if (g < 2 || n <= g) return 1
  const grand = y.reduce((s, x) => s + x, 0) / n
  let ssb = 0
  let ssw = 0
  let sumSq = 0
  for (const ys of groups.values()) {
    const m = ys.reduce((s, x) => s + x, 0) / ys.length
    ssb += ys.length * (m - grand) ** 2
    for (const x of ys) ssw += (x - m) ** 2
    sumSq += ys.length ** 2
  }
  const msb = ssb / (g - 1)
  const msw = ssw / (n - g)
  const m0 = (n - sumSq / n) / (g - 1)
  const icc = Math.max(0, (msb - msw) / (msb + (m0 - 1) * msw))
  return 1 + (n / g - 1) * icc
}

/**
 * Which design protects the arms from cannibalization: when units share a store (or another
 * column) with other units of other segments, a price cut on one takes volume from its
 * neighbours; randomizing units one by one puts neighbours in different arms and biases the
 * comparison. Recommends clustering (or a switchback) by that column.
 */
function cannibalizationAdvice(
  d: ExperimentDesign,
  units: UnitSet,
  many: string,
  effects: EffectModel | null
): { shared_column: string | null; advice: string } | undefined {
  if (units.kind !== 'items') return undefined
  const shared = units.shared_column ?? null
  if (!shared)
    return {
      shared_column: null,
      advice: `No column groups several ${many} of different segments: randomizing ${many} one by one is safe from cannibalization between arms.`
    }
  const strongest = effects?.cross.reduce((m, c) => Math.max(m, Math.abs(c.elasticity)), 0) ?? null
  const evidence =
    strongest === null || !effects?.cross.length
      ? 'cross-price effects are not estimated in the elasticity run, so assume they exist'
      : `the estimated cross-price elasticities reach ${fixed(strongest, 2)}`
  const protectedNow = d.cluster_by === shared
  return {
    shared_column: shared,
    advice: protectedNow
      ? `Protected: every ${shared} is in one arm${d.schedule === 'switchback' ? ' at a time' : ''}, so ${many} that take volume from each other are never compared across arms (${evidence}).`
      : `${many[0].toUpperCase()}${many.slice(1)} share a ${shared} with ${many} of other segments and ${evidence}: randomized one by one, a price cut in one arm takes volume from neighbours in the other and biases the comparison. Cluster by ${shared} (whole ${shared}s in one arm), or a switchback by ${shared}.`
  }
}
