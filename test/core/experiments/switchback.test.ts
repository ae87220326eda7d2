import { describe, expect, it } from 'vitest'
import { analyzeResults } from '../../../src/core/experiments/analyze'
import { analyzeSwitchback } from '../../../src/core/experiments/switchback-analysis'
import { simulateSwitchback, type SwitchbackSpec } from '../../../src/core/experiments/simulate'
import { Rng } from '../../../src/core/util/rng'

const opts = { arms: null, alpha: 0.05, priceChange: null, bootstrap: 0, seed: 1 }

/** Many simulated switchbacks with a known effect: the estimates, their interval widths and whether each covered. */
function replicate(spec: SwitchbackSpec, seeds: number[], carryover: number) {
  return seeds.map((seed) => {
    const rows = simulateSwitchback(new Rng(seed), spec)
    const c = analyzeSwitchback(rows, opts, carryover).comparisons[0]
    const ci = c.revenue_diff_ci
    return {
      est: c.revenue_diff,
      width: ci.high - ci.low,
      covered: ci.low <= spec.effect && spec.effect <= ci.high
    }
  })
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1))
const seeds = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i)

describe('switchback analysis: unit × period cells', () => {
  it('estimates a known effect without bias, with 95% intervals that cover it and are as wide as its spread', () => {
    for (const [spec, from] of [
      [{ units: 60, periods: 8, effect: 6, carryover: 0 }, 1],
      [{ units: 40, periods: 12, effect: -4, carryover: 0, perCluster: 1, block: 2 }, 1001]
    ] as const) {
      const r = replicate(spec, seeds(300, from), 0)
      const est = r.map((x) => x.est)
      const coverage = mean(r.map((x) => (x.covered ? 1 : 0)))
      // 300 replicates: the coverage's sd is 1.3 points; 0.91–0.99 is ±3 sd around 95%.
      expect(coverage).toBeGreaterThan(0.91)
      expect(coverage).toBeLessThan(0.99)
      expect(Math.abs(mean(est) - spec.effect)).toBeLessThan((3 * sd(est)) / Math.sqrt(est.length))
      // An honest 95% interval is about 2 × 1.96 sd of the estimate wide: not narrower (overconfident), not
      // much wider. Unit levels are lognormal, so the estimates are heavy-tailed: both sides are taken robustly
      // (median width; the spread from the interquartile range).
      const q = [...est].sort((x, y) => x - y)
      const spread = (q[Math.floor(0.75 * q.length)] - q[Math.floor(0.25 * q.length)]) / 1.349
      const widths = r.map((x) => x.width).sort((x, y) => x - y)
      const ratio = widths[Math.floor(widths.length / 2)] / (2 * 1.96 * spread)
      expect(ratio).toBeGreaterThan(0.85)
      expect(ratio).toBeLessThan(1.25)
    }
  })

  it('clusters errors by store when whole stores switch: per-unit errors would be overconfident', () => {
    const spec = { units: 240, periods: 8, effect: 3, carryover: 0, perCluster: 6, shock: 30 }
    const r = seeds(200, 5001).map((seed) => {
      const rows = simulateSwitchback(new Rng(seed), spec)
      const byStore = analyzeSwitchback(rows, opts, 0).comparisons[0].revenue_diff_ci
      const byUnit = analyzeSwitchback(
        rows.map((x) => ({ ...x, cluster: null })),
        opts,
        0
      ).comparisons[0].revenue_diff_ci
      const covers = (ci: { low: number; high: number }) => (ci.low <= 3 && 3 <= ci.high ? 1 : 0)
      return { store: covers(byStore), unit: covers(byUnit) }
    })
    expect(mean(r.map((x) => x.store))).toBeGreaterThan(0.9)
    expect(mean(r.map((x) => x.unit))).toBeLessThan(0.85)
  })

  it('drops carry-over periods when asked: last period’s price no longer biases the effect', () => {
    const spec = { units: 80, periods: 12, effect: 10, carryover: 0.6, block: 3 }
    const kept = replicate(spec, seeds(150, 7001), 0).map((x) => x.est)
    const dropped = replicate(spec, seeds(150, 7001), 1)
    // Every third period follows a switch and carries 60% of the other arm's effect: the estimate shrinks.
    expect(mean(kept)).toBeLessThan(spec.effect * 0.8)
    expect(Math.abs(mean(dropped.map((x) => x.est)) - spec.effect)).toBeLessThan(
      (3 * sd(dropped.map((x) => x.est))) / Math.sqrt(dropped.length)
    )
    expect(mean(dropped.map((x) => (x.covered ? 1 : 0)))).toBeGreaterThan(0.9)
  })

  it('is far more precise than comparing the arms as two groups, which keeps every unit’s own level', () => {
    const spec = { units: 60, periods: 8, effect: 6, carryover: 0 }
    const rows = simulateSwitchback(new Rng(42), spec)
    const fe = analyzeSwitchback(rows, opts, 0)
    const plain = analyzeResults(rows, opts)
    const w = (c: { low: number; high: number }) => c.high - c.low
    expect(w(plain.comparisons[0].revenue_diff_ci)).toBeGreaterThan(3 * w(fe.comparisons[0].revenue_diff_ci))
    expect(fe.switchback).toMatchObject({ periods: 8, cells: 480, clusters: 60, dropped_cells: 0 })
    expect(fe.variance_method).toContain('fixed effects')
  })

  it('refuses rows without their period', () => {
    const rows = simulateSwitchback(new Rng(1), { units: 4, periods: 2, effect: 1, carryover: 0 })
    rows[3] = { ...rows[3], period: null, line: 5 }
    expect(() => analyzeSwitchback(rows, opts, 0)).toThrow(/period.*line 5/)
  })
})
