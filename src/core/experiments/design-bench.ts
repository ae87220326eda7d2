import { Rng } from '../util/rng'
import { RETAIL_BRANDS, RETAIL_CROSS } from '../data/sample/retail/brands'
import { simulateRetail } from '../data/sample/retail/simulate'
import { assignArms } from './assign'
import { analyzeResults, type AnalysisOptions, type ResultRow } from './analyze'
import { analyzeSwitchback } from './switchback-analysis'
import { drawRevenue, expectedRevenue, marketOf, marketUnits, type Market } from './design-sim'
import { planExperiment } from './plan'
import { tPpf } from './stats'
import { PRE_PERIODS, type UnitSet } from './units'
import type { EffectModel } from './treatment'
import { DEFAULT_DESIGN, type ArmComparison, type ExperimentDesign } from '../../shared/experiments'

/**
 * The designs' bench (issue 26): on the retail sample's market, many simulated experiments per
 * design (items randomized one by one, whole stores, a switchback by store), each analysed as
 * PriceLab analyses returned results. Null experiments (the treatment changes nothing) give the
 * false-positive rate; planted ones (every treated price × (1 + change), with the sample's own and
 * cross effects) give each design's bias against the decision's effect (every price changed), the
 * coverage of its 90% interval, and its power next to the power its plan stated.
 */
export type BenchDesign = 'items' | 'stores' | 'switchback'
export const BENCH_DESIGNS: readonly BenchDesign[] = ['items', 'stores', 'switchback']

export interface DesignBenchOptions {
  /** The retail sample's generator seed (scale 1: 80 stores × 7 brands). */
  worldSeed: number
  /** Seed of the assignments and the simulated weeks; replicate r uses a stream derived from it. */
  seed: number
  replicates: number
  /** Planted relative price change of the treatment, e.g. −0.03. */
  change: number
  alpha: number
  /** The MDE the plan is sized for: it fixes the weeks the test runs. */
  mde: number
  designs?: readonly BenchDesign[]
  /** Stores: the sample's 80 × scale (default 1). */
  scale?: number
  /** Leave the store out of the analysis (a broken analysis, to show the bench catches it). */
  ignoreClusters?: boolean
}

export interface DesignBenchRow {
  design: BenchDesign
  weeks: number
  replicates: number
  null_false_positive_rate: number
  planted: {
    /** The decision's TRUE effect on revenue per item (every price changed), relative. */
    true_effect: number
    /** Mean estimate relative to the expected revenue per unit at today's prices. */
    mean_estimate: number
    /** (mean estimate − true effect) / true effect. */
    bias_relative: number
    coverage_90: number
    /** Mean width of the 90% interval, relative to the expected revenue per unit at today's prices. */
    mean_width_90: number
    power: number
    planned_power: number | null
    planned_expected_effect: number | null
  }
}

/** The default design (DEFAULT_DESIGN) with what the bench sets: the retail items, its change, its design. */
const designOf = (d: BenchDesign, change: number, o: DesignBenchOptions): ExperimentDesign => ({
  ...DEFAULT_DESIGN,
  name: `bench-${d}`,
  units: 'items',
  dataset: 'retail_sample',
  metric: 'revenue',
  arms: [
    { name: 'control', change: { kind: 'none' }, weight: 1 },
    { name: 'treatment', change: { kind: 'pct', pct: change * 100 }, weight: 1 }
  ],
  alpha: o.alpha,
  power: 0.8,
  mde: o.mde,
  seed: o.seed,
  stratify: d === 'items' ? 'category' : 'none',
  cluster_by: d === 'items' ? null : 'store',
  schedule: d === 'switchback' ? 'switchback' : 'fixed'
})

/** The sample's truth as the planner's elasticities: own per brand, cross within a store. */
const truthModel = (): EffectModel => {
  const name = new Map(RETAIL_BRANDS.map((b) => [b.code, b.name]))
  return {
    own: new Map(RETAIL_BRANDS.map((b) => [b.name, b.elasticity])),
    cross: RETAIL_CROSS.map((c) => ({
      on: name.get(c.brand) as string,
      of: name.get(c.other) as string,
      elasticity: c.elasticity
    })),
    source: 'retail sample truth'
  }
}

/** One replicate's assignment: per item, whether it is treated in week w. */
function assignment(d: BenchDesign, units: UnitSet, seed: number): (i: number, w: number) => boolean {
  const clustered = d !== 'items'
  const arms = assignArms(
    units.ids.map((id, i) => ({
      id,
      stratum: units.strata(d === 'items' ? 'category' : 'none')[i],
      cluster: clustered ? units.clusters[i] : null
    })),
    {
      seed,
      arms: [
        { name: 'control', weight: 1 },
        { name: 'treatment', weight: 1 }
      ],
      stratified: d === 'items',
      holdout: 0,
      pinned: new Map()
    }
  )
  const first = units.ids.map((id) => arms.get(id) === 'treatment')
  // A switchback by store: the store's arm alternates every week from its first week's.
  return d === 'switchback' ? (i, w) => first[i] === (w % 2 === 0) : (i) => first[i]
}

interface Replicate {
  est: number
  se: number
  df: number
  p: number
}

/** Simulates the test weeks of one replicate and analyses them as returned results. */
function runOne(
  d: BenchDesign,
  mk: Market,
  treated: (i: number, w: number) => boolean,
  pre: Float64Array,
  change: number,
  weeks: number,
  rng: Rng,
  o: DesignBenchOptions
): Replicate {
  const n = mk.items.length
  const week = new Float64Array(n)
  const m = new Float64Array(n)
  const total = new Float64Array(n)
  const rows: ResultRow[] = []
  const store = (i: number) => (o.ignoreClusters ? null : mk.stores[mk.items[i].store])
  for (let w = 0; w < weeks; w++) {
    for (let i = 0; i < n; i++) m[i] = treated(i, w) ? 1 + change : 1
    drawRevenue(mk, m, w, rng, week)
    for (let i = 0; i < n; i++) {
      total[i] += week[i]
      if (d === 'switchback')
        rows.push({
          ...cell(mk.items[i].id, treated(i, w), week[i]),
          cluster: store(i),
          period: String(w + 1)
        })
    }
  }
  const opts: AnalysisOptions = {
    arms: [
      { name: 'control', weight: 1 },
      { name: 'treatment', weight: 1 }
    ],
    alpha: o.alpha,
    priceChange: null,
    bootstrap: 0,
    seed: 1,
    cluster: d === 'stores' && !o.ignoreClusters
  }
  if (d !== 'switchback')
    for (let i = 0; i < n; i++)
      rows.push({ ...cell(mk.items[i].id, treated(i, 0), total[i]), cluster: store(i), pre: pre[i] })
  const a = d === 'switchback' ? analyzeSwitchback(rows, opts, 0) : analyzeResults(rows, opts)
  return fromComparison(a.comparisons[0], o.alpha)
}

const cell = (unit: string, treated: boolean, revenue: number): ResultRow => ({
  unit,
  arm: treated ? 'treatment' : 'control',
  exposures: 1,
  conversions: 0,
  revenue,
  price: null
})

/** The estimate, its standard error (from the reported interval) and p-value; no call without enough data. */
function fromComparison(c: ArmComparison, alpha: number): Replicate {
  const df = c.welch_df
  const se = (c.revenue_diff_ci.high - c.revenue_diff_ci.low) / 2 / tPpf(1 - alpha / 2, df)
  return { est: c.revenue_diff, se, df, p: c.enough_data ? c.revenue_p_value : 1 }
}

export function runDesignBench(o: DesignBenchOptions): DesignBenchRow[] {
  const mk = marketOf(simulateRetail({ seed: o.worldSeed, scale: o.scale ?? 1 }))
  const units = marketUnits(mk, new Rng((o.seed ^ 0x51ab) >>> 0))
  const ones = new Float64Array(mk.items.length).fill(1)
  return (o.designs ?? BENCH_DESIGNS).map((d, k) => {
    const plan = planExperiment(designOf(d, o.change, o), units, () => null, truthModel())
    const weeks = plan.duration.weeks ?? 26
    const arm = plan.treatment?.arms[0]
    // The decision's effect: every price × (1 + change) against none, over the test's weeks.
    let base = 0
    let moved = 0
    const all = new Float64Array(mk.items.length).fill(1 + o.change)
    for (let w = 0; w < weeks; w++) {
      base += expectedRevenue(mk, ones, w).reduce((s, x) => s + x, 0)
      moved += expectedRevenue(mk, all, w).reduce((s, x) => s + x, 0)
    }
    // Per analysis unit: an item over the test (fixed designs), an item-week cell (switchback).
    const per = mk.items.length * (d === 'switchback' ? weeks : 1)
    const truth = (moved - base) / per
    const baseline = base / per
    const nulls: boolean[] = []
    const planted: Replicate[] = []
    for (let r = 0; r < o.replicates; r++) {
      const rng = new Rng((o.seed * 1_000_003 + k * 100_003 + r) >>> 0)
      const treated = assignment(d, units, (o.seed + 7919 * r) >>> 0)
      const pre = new Float64Array(mk.items.length)
      const week = new Float64Array(mk.items.length)
      for (let w = -PRE_PERIODS; w < 0; w++) {
        drawRevenue(mk, ones, w, rng, week)
        for (let i = 0; i < pre.length; i++) pre[i] += week[i] / PRE_PERIODS
      }
      nulls.push(runOne(d, mk, treated, pre, 0, weeks, rng, o).p < o.alpha)
      planted.push(runOne(d, mk, treated, pre, o.change, weeks, rng, o))
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    const est = mean(planted.map((p) => p.est))
    const z90 = (p: Replicate) => tPpf(0.95, p.df) * p.se
    return {
      design: d,
      weeks,
      replicates: o.replicates,
      null_false_positive_rate: mean(nulls.map(Number)),
      planted: {
        true_effect: truth / baseline,
        mean_estimate: est / baseline,
        bias_relative: (est - truth) / truth,
        coverage_90: mean(planted.map((p) => Number(Math.abs(p.est - truth) <= z90(p)))),
        mean_width_90: mean(planted.map((p) => (2 * z90(p)) / baseline)),
        power: mean(planted.map((p) => Number(p.p < o.alpha))),
        planned_power: arm?.power_at_expected ?? null,
        planned_expected_effect: arm?.expected_effect ?? null
      }
    }
  })
}
