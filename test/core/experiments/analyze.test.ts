import { describe, expect, it } from 'vitest'
import { analyzeResults, readResults, type ResultRow } from '../../../src/core/experiments/analyze'
import { CsvImportError } from '../../../src/core/data/csv/errors'
import { Rng } from '../../../src/core/util/rng'
import { chunks } from '../../helpers'
import { multiSeed } from '../../multi-seed'

const opts = { arms: null, alpha: 0.05, priceChange: null, bootstrap: 0, seed: 1 }

function simulate(
  rng: Rng,
  n: [number, number],
  rate: [number, number],
  meanRevenue: [number, number]
): ResultRow[] {
  const rows: ResultRow[] = []
  ;(['control', 'treatment'] as const).forEach((arm, k) => {
    for (let i = 0; i < n[k]; i++) {
      const exposures = 1 + rng.int(5)
      let conversions = 0
      for (let e = 0; e < exposures; e++) if (rng.bernoulli(rate[k])) conversions++
      rows.push({
        unit: `${arm}${i}`,
        arm,
        exposures,
        conversions,
        revenue: rng.exponential(1 / meanRevenue[k]),
        price: null
      })
    }
  })
  return rows
}

describe('results analysis', () => {
  it('reports bad rows by line and column and analyzes nothing', async () => {
    const csv =
      'unit,arm,exposures,conversions,revenue\n1,control,10,2,50\n2,treatmnt,10,1,20\n3,treatment,-4,1,20\n4,control,3,5,10\n'
    const err = await readResults(chunks(csv), 'results.csv', ['control', 'treatment']).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(CsvImportError)
    const issues = (err as CsvImportError).issues
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [3, 2],
      [4, 3],
      [5, 4]
    ])
    expect(issues[0].message).toMatch(/unknown arm "treatmnt" \(the plan has control, treatment\)/)
    expect(issues[1].message).toMatch(/cannot be negative/)
    expect(issues[2].message).toMatch(/5 conversions out of 3 exposures/)
    await expect(readResults(chunks('unit,arm,revenue\n1,a,2\n'), 'r.csv', null)).rejects.toThrow(
      /missing column "exposures"/
    )
  })

  it('detects a sample-ratio mismatch and not a fair split', () => {
    multiSeed(
      [3, 4, 5, 6, 7],
      (seed) => {
        const rng = new Rng(seed)
        const fair = analyzeResults(simulate(rng, [1000, 1000], [0.1, 0.1], [10, 10]), opts)
        const bad = analyzeResults(simulate(rng, [1000, 800], [0.1, 0.1], [10, 10]), opts)
        return { fair: fair.srm.mismatch, bad: bad.srm.mismatch, verdict: bad.verdict }
      },
      (v) => {
        expect(v.fair).toBe(false)
        expect(v.bad).toBe(true)
        expect(v.verdict).toMatch(/^Do not act on this test yet/)
      }
    )
  })

  it('95% intervals cover the true differences about 95% of the time (simulation)', () => {
    const rng = new Rng(9)
    let rateHits = 0
    let revenueHits = 0
    const runs = 400
    for (let r = 0; r < runs; r++) {
      const a = analyzeResults(simulate(rng, [600, 600], [0.1, 0.12], [10, 11]), opts).comparisons[0]
      if (a.rate_diff_ci.low <= 0.02 && 0.02 <= a.rate_diff_ci.high) rateHits++
      if (a.revenue_diff_ci.low <= 1 && 1 <= a.revenue_diff_ci.high) revenueHits++
    }
    expect(rateHits / runs).toBeGreaterThan(0.92)
    expect(rateHits / runs).toBeLessThan(0.98)
    expect(revenueHits / runs).toBeGreaterThan(0.92)
    expect(revenueHits / runs).toBeLessThan(0.98)
  })

  it('recovers the elasticity a test implies, and a bootstrap interval close to Welch’s', () => {
    // Price −10% and conversion up by (0.9)^−1.5: implied elasticity −1.5.
    const found = multiSeed(
      [5, 6, 7],
      (seed) => {
        const rows = simulate(new Rng(seed), [20000, 20000], [0.1, 0.1 * 0.9 ** -1.5], [10, 10])
        const a = analyzeResults(rows, { ...opts, seed, priceChange: { treatment: -10 }, bootstrap: 1000 })
          .comparisons[0]
        return {
          elasticity: a.implied_elasticity!,
          ci: a.implied_elasticity_ci!,
          bootstrapGap: Math.abs(a.bootstrap_ci!.low - a.revenue_diff_ci.low)
        }
      },
      (v) => {
        // The estimate's standard error is ~0.16 at this size: within ~2.2 SE at every seed.
        expect(Math.abs(v.elasticity + 1.5)).toBeLessThan(0.35)
        expect(v.bootstrapGap).toBeLessThan(0.05)
      }
    )
    const mean = found.reduce((t, v) => t + v.elasticity, 0) / found.length
    expect(Math.abs(mean + 1.5)).toBeLessThan(0.15)
    // A 95% interval may miss the truth at one seed in twenty; at most one of three may miss.
    expect(found.filter((v) => v.ci.low < -1.5 && v.ci.high > -1.5).length).toBeGreaterThanOrEqual(2)
  })
})
