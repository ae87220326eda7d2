import { describe, expect, it } from 'vitest'
import { planExperiment, designEffect } from '../../../src/core/experiments/plan'
import type { ExperimentDesign } from '../../../src/shared/experiments'
import type { UnitSet } from '../../../src/core/experiments/units'

function unitsOf(strata: string[]): UnitSet {
  return {
    kind: 'courses',
    ids: strata.map((_, i) => String(i + 1)),
    strata: (s) => (s === 'none' ? strata.map(() => 'all') : strata),
    clusters: strata.map((_, i) => String(i % 3)),
    prices: strata.map((_, i) => 50 + i),
    covariates: [{ name: 'price', values: strata.map((_, i) => 50 + i) }],
    revenue: strata.map((_, i) => 100 + (i % 7)),
    converted: null,
    components: { between: 40, within: 100 },
    arrivals_per_day: null,
    window_days: 7,
    as_of: '2026-01-01'
  }
}
const design: ExperimentDesign = {
  name: 't',
  units: 'courses',
  dataset: null,
  metric: 'revenue',
  arms: [
    { name: 'control', change: { kind: 'none' }, weight: 1 },
    { name: 'treatment', change: { kind: 'pct', pct: 5 }, weight: 1 }
  ],
  alpha: 0.05,
  power: 0.8,
  mde: 0.2,
  seed: 1,
  stratify: 'category',
  cluster: false,
  holdout: 0,
  pinned: [],
  exclude: [],
  start_date: null,
  min_change: 0.02,
  unit_column: null,
  cluster_by: null,
  schedule: 'fixed'
}

describe('planExperiment', () => {
  it('refuses a stratum with one unit, naming it', () => {
    expect(() => planExperiment(design, unitsOf(['A', 'A', 'A', 'B', 'B', 'C']), () => null)).toThrow(
      /stratum "C" has only one unit/
    )
    // Pinning that unit (or excluding it) resolves it.
    const p = planExperiment(
      { ...design, pinned: [{ unit: '6', arm: 'treatment' }] },
      unitsOf(['A', 'A', 'A', 'B', 'B', 'C']),
      () => null
    )
    expect(p.assignments.find((a) => a.unit_id === '6')?.arm).toBe('treatment')
  })

  it('prices each arm, is reproducible, and refuses a control that changes prices', () => {
    const u = unitsOf(Array.from({ length: 60 }, (_, i) => `S${i % 3}`))
    const a = planExperiment(design, u, () => null)
    expect(planExperiment(design, u, () => null)).toEqual(a)
    for (const x of a.assignments)
      expect(x.assigned_price).toBe(
        x.arm === 'treatment' ? Math.round((x.current_price as number) * 1.05 * 100) / 100 : x.current_price
      )
    expect(() =>
      planExperiment({ ...design, arms: [design.arms[1], design.arms[0]] }, u, () => null)
    ).toThrow(/first arm .* is the control/)
  })

  it('measures the design effect of clustering', () => {
    // Identical outcomes within clusters: ICC 1, design effect = cluster size.
    expect(
      designEffect(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'], [1, 1, 1, 5, 5, 5, 9, 9, 9])
    ).toBeCloseTo(3, 9)
    // Outcomes unrelated to clusters: no inflation.
    expect(designEffect(['a', 'b', 'c', 'a', 'b', 'c'], [1, 1, 1, 5, 5, 5])).toBe(1)
  })

  it('refuses an empty plan and arms of fewer than two units, however underpowered the analyst accepts to be', () => {
    const u = unitsOf(['A', 'A', 'A', 'A'])
    expect(() =>
      planExperiment({ ...design, stratify: 'none', exclude: ['1', '2', '3', '4'] }, u, () => null)
    ).toThrow(/no units in the test \(4 found, 4 excluded/)
    expect(() => planExperiment({ ...design, stratify: 'none', exclude: ['1', '2'] }, u, () => null)).toThrow(
      /every arm needs at least 2 units; "(control|treatment)" has 1/
    )
    expect(() =>
      planExperiment({ ...design, exclude: ['1'] }, unitsOf(['A', 'A', 'A', 'A', 'A']), () => null)
    ).not.toThrow()
  })

  it('plans with CUPED too: fewer units for the same effect, by the variance the pre-period removes', () => {
    const u = unitsOf(Array.from({ length: 600 }, (_, i) => `S${i % 3}`))
    const p = planExperiment({ ...design, mde: 0.05 }, u, () => null)
    const c = p.cuped!
    // between 40, within 100, 12 pre-period weeks, W weeks: ρ² = 40² / ((40 + 100/W)(40 + 100/12)).
    const w = p.duration.weeks ?? 26
    expect(c.variance_reduction).toBeCloseTo(1600 / ((40 + 100 / w) * (40 + 100 / 12)), 10)
    expect(c.variance_reduction).toBeGreaterThan(0.2)
    expect(c.required_units!).toBeLessThan(p.power.required_units!)
    // Required units scale with the variance: about (1 − ρ²) of the plan without CUPED.
    expect(c.required_units! / p.power.required_units!).toBeCloseTo(1 - c.variance_reduction, 1)
    expect(c.message).toMatch(/with CUPED on 12 pre-period weeks/)
  })
})
