import { describe, expect, it } from 'vitest'
import { analyzeResults } from '../../../src/core/experiments/analyze'
import { beta, simulateUnits } from '../../../src/core/experiments/simulate'
import { Rng } from '../../../src/core/util/rng'

const opts = { arms: null, alpha: 0.05, priceChange: null, bootstrap: 0, seed: 1 }

/** Share of null experiments called significant at α = 0.05, per metric. */
function falsePositives(seed: number, runs: number, icc: number) {
  const rng = new Rng(seed)
  let rate = 0
  let rpu = 0
  let rpe = 0
  for (let r = 0; r < runs; r++) {
    const rows = simulateUnits(rng, {
      units: [300, 300],
      rate: 0.1,
      icc,
      lift: 0,
      exposures: 20,
      orderValue: 30
    })
    const c = analyzeResults(rows, opts).comparisons[0]
    if (c.rate_p_value < 0.05) rate++
    if (c.revenue_p_value < 0.05) rpu++
    if (c.revenue_per_exposure_p_value < 0.05) rpe++
  }
  return { rate: rate / runs, rpu: rpu / runs, rpe: rpe / runs }
}

describe('unit-level inference', () => {
  it('the simulator draws unit rates with the intra-unit correlation asked', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed)
      const icc = 0.17
      const s = (1 - icc) / icc
      const xs = Array.from({ length: 20000 }, () => beta(rng, 0.1 * s, 0.9 * s))
      const m = xs.reduce((a, x) => a + x, 0) / xs.length
      const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length
      expect(m).toBeCloseTo(0.1, 2)
      // Beta-binomial ICC = Var(p) / (μ(1 − μ)).
      expect(v / (0.1 * 0.9)).toBeGreaterThan(0.155)
      expect(v / (0.1 * 0.9)).toBeLessThan(0.185)
    }
  })

  it('holds the false-positive rate at α = 0.05 when units differ in their own conversion rate (several seeds)', () => {
    // Exposure-level tests called 18% (ICC 0.02) and 44% (ICC 0.17) of such null experiments significant.
    for (const icc of [0.02, 0.17]) {
      const all = [11, 12, 13].map((seed) => falsePositives(seed, 120, icc))
      const mean = (k: 'rate' | 'rpu' | 'rpe') => all.reduce((s, x) => s + x[k], 0) / all.length
      expect(mean('rate')).toBeGreaterThan(0.015)
      expect(mean('rate')).toBeLessThan(0.09)
      expect(mean('rpe')).toBeGreaterThan(0.015)
      expect(mean('rpe')).toBeLessThan(0.09)
      expect(mean('rpu')).toBeLessThan(0.09)
      for (const x of all) expect(x.rate).toBeLessThan(0.11)
    }
  })

  it('gives the implied elasticity an interval that covers the truth when units differ (several seeds)', () => {
    // Price −10%, every unit's rate × 0.9^−1.5: the implied elasticity is −1.5.
    let hits = 0
    let runs = 0
    for (const seed of [31, 32]) {
      const rng = new Rng(seed)
      for (let r = 0; r < 100; r++) {
        const rows = simulateUnits(rng, {
          units: [300, 300],
          rate: 0.1,
          icc: 0.17,
          lift: 0.9 ** -1.5 - 1,
          exposures: 20,
          orderValue: 30
        })
        const c = analyzeResults(rows, { ...opts, priceChange: { treatment: -10 } }).comparisons[0]
        runs++
        if (c.implied_elasticity_ci!.low <= -1.5 && -1.5 <= c.implied_elasticity_ci!.high) hits++
      }
    }
    // Exposure-level intervals covered it in 58% of these experiments.
    expect(hits / runs).toBeGreaterThan(0.9)
    expect(hits / runs).toBeLessThan(0.99)
  })

  it('analyses clustered assignment at the cluster: clusters of correlated units do not count as independent', () => {
    let unitLevel = 0
    let clusterLevel = 0
    const runs = 150
    for (const seed of [21, 22]) {
      const rng = new Rng(seed)
      for (let r = 0; r < runs; r++) {
        // Whole clusters of 8 units are randomized; units in a cluster share most of their rate.
        const rows = simulateUnits(rng, {
          units: [40, 40],
          rate: 0.1,
          icc: 0.17,
          lift: 0,
          exposures: 20,
          orderValue: 30
        })
        const expanded = rows.flatMap((row) =>
          Array.from({ length: 8 }, (_, j) => ({
            ...row,
            unit: `${row.unit}-${j}`,
            cluster: row.unit,
            exposures: row.exposures,
            conversions: row.conversions,
            revenue: row.revenue * (0.9 + 0.2 * rng.next())
          }))
        )
        const asUnits = analyzeResults(expanded, opts)
        const asClusters = analyzeResults(expanded, { ...opts, cluster: true })
        expect(asClusters.analysis_unit).toBe('cluster')
        expect(asClusters.arms[0].analysis_units).toBe(40)
        if (asUnits.comparisons[0].rate_p_value < 0.05) unitLevel++
        if (asClusters.comparisons[0].rate_p_value < 0.05) clusterLevel++
      }
    }
    expect(unitLevel / (2 * runs)).toBeGreaterThan(0.2)
    expect(clusterLevel / (2 * runs)).toBeLessThan(0.09)
  })

  it('says "not enough data" with one unit per arm, never "earns more"', () => {
    const rows = [
      { unit: 'a', arm: 'control', exposures: 10, conversions: 1, revenue: 23, price: null },
      { unit: 'b', arm: 'treatment', exposures: 10, conversions: 2, revenue: 300, price: null }
    ]
    const a = analyzeResults(rows, opts)
    expect(a.comparisons[0].enough_data).toBe(false)
    expect(a.verdict).toMatch(/^Not enough data for a verdict/)
    expect(a.verdict).toMatch(/treatment has 1 units/)
    expect(a.verdict).not.toMatch(/earns more/)
    // Thirty units per arm, but revenue identical everywhere: still no call.
    const flat = Array.from({ length: 80 }, (_, i) => ({
      unit: String(i),
      arm: i % 2 ? 'treatment' : 'control',
      exposures: 10,
      conversions: 1,
      revenue: i % 2 ? 30 : 20,
      price: null
    }))
    const b = analyzeResults(flat, opts)
    expect(b.comparisons[0].not_enough_data_reason).toMatch(/does not vary/)
    expect(b.verdict).not.toMatch(/earns more/)
  })

  it('sequential analysis holds α however often a null test is read; fixed-horizon peeking does not (several seeds)', () => {
    // Ten looks as units arrive (100, 200, … 1,000 per arm); stop at the first significant one.
    let fixed = 0
    let sequential = 0
    let runs = 0
    for (const seed of [41, 42]) {
      const rng = new Rng(seed)
      for (let r = 0; r < 100; r++) {
        const rows = simulateUnits(rng, {
          units: [1000, 1000],
          rate: 0.1,
          icc: 0.02,
          lift: 0,
          exposures: 10,
          orderValue: 30
        })
        const control = rows.filter((x) => x.arm === 'control')
        const treated = rows.filter((x) => x.arm === 'treatment')
        let f = false
        let s = false
        for (let n = 100; n <= 1000; n += 100) {
          const c = analyzeResults([...control.slice(0, n), ...treated.slice(0, n)], {
            ...opts,
            sequential: { tau_relative: 0.1 }
          }).comparisons[0]
          if (c.revenue_p_value < 0.05) f = true
          if (c.sequential!.revenue_p_value! < 0.05) s = true
          // The confidence sequence contains the fixed-horizon interval.
          expect(c.sequential!.revenue_ci!.low).toBeLessThan(c.revenue_diff_ci.low)
        }
        runs++
        if (f) fixed++
        if (s) sequential++
      }
    }
    expect(fixed / runs).toBeGreaterThan(0.1)
    expect(sequential / runs).toBeLessThan(0.05)
  })
})
