import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import type { PricingSettings, PricingRun } from '../../src/shared/pricing'
import { multiSeed } from '../multi-seed'
import { tempDir } from '../helpers'

async function project(kind: 'retail' | 'edtech', seed: number, scale: number) {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
  await b.call('data:generate', { jobId: 'g', kind, seed, scale })
  await b.call('elasticity:train', {
    jobId: 'e',
    dataset: kind === 'retail' ? 'retail_sample' : undefined,
    models: ['ols'],
    dml: 'on'
  })
  return b
}

const optimize = (b: Backend, s: Partial<PricingSettings> = {}) =>
  b.call('pricing:optimize', { settings: { ...DEFAULT_SETTINGS, ...s }, save: false })

/** The optimizer's objective is at least every strategy's in its own comparison table. */
function neverWorse(run: PricingRun) {
  const key = run.settings.objective === 'margin' ? 'margin' : 'revenue'
  const opt = run.comparison.find((c) => c.strategy === 'optimizer')
  const value = (c: (typeof run.comparison)[number]) => (key === 'margin' ? (c.margin as number) : c.revenue)
  return run.comparison
    .filter(
      (c) => c.strategy !== 'optimizer' && value(c) > value(opt as (typeof run.comparison)[number]) + 1e-6
    )
    .map((c) => c.strategy)
}

const inside = (run: PricingRun) =>
  run.portfolio.uplift_interval !== null &&
  (run.true_uplift_pct as number) >= run.portfolio.uplift_interval.low &&
  (run.true_uplift_pct as number) <= run.portfolio.uplift_interval.high

describe('pricing with cross-price effects (retail sample, full size)', () => {
  // The issue: +33.6% [30.2, 35.9] predicted, +27.3% true: the interval missed the truth at 3 of 3 seeds.
  it('seeds 1–3: the true uplift lies inside the predicted interval (width 1–15 points), the share of the TRUE JOINT optimum is ≥ 0.995 and above every rule (≥ 1 point above all but the floor rule); ignoring cross effects misses; never worse than a strategy (revenue and margin)', async () => {
    const values: Record<string, unknown>[] = []
    for (const seed of [1, 2, 3]) {
      const b = await project('retail', seed, 1)
      const run = await optimize(b)
      const own = await optimize(b, { ignore_cross: true })
      const margin = await optimize(b, { objective: 'margin', cost_share: 0.4 })
      b.close()
      values.push({ seed, run, own, margin })
    }
    multiSeed(
      [0, 1, 2],
      (k) => values[k] as { run: PricingRun; own: PricingRun; margin: PricingRun },
      ({ run, own, margin }) => {
        expect(run.demand_label).toMatch(/cross-price effects within store: 3360 links/)
        expect(inside(run)).toBe(true)
        const iv = run.portfolio.uplift_interval as { low: number; high: number }
        expect(iv.high - iv.low).toBeGreaterThan(1)
        expect(iv.high - iv.low).toBeLessThan(15)
        expect(inside(own)).toBe(false)
        const share = run.true_revenue_share_of_optimum as number
        expect(share).toBeGreaterThanOrEqual(0.995)
        expect(share).toBeLessThanOrEqual(1 + 1e-9)
        const rules = run.rules ?? []
        expect(rules.map((r) => r.rule)).toEqual(
          expect.arrayContaining(['today', 'floor', 'ceiling', 'elasticity', 'competitive', 'blend'])
        )
        for (const r of rules) {
          expect(share, r.rule).toBeGreaterThan(r.true_revenue_share_of_optimum as number)
          if (r.rule !== 'floor')
            expect(share - (r.true_revenue_share_of_optimum as number), r.rule).toBeGreaterThanOrEqual(0.01)
        }
        expect(neverWorse(run)).toEqual([])
        expect(neverWorse(margin)).toEqual([])
        // Measured 0.985–0.988 (seeds 1–3): margin at a 40% cost share rewards dearer prices, where the estimates err more.
        expect(margin.true_revenue_share_of_optimum as number).toBeGreaterThanOrEqual(0.98)
      },
      (v) =>
        `pred ${v.run.portfolio.uplift_pct.toFixed(1)} ${JSON.stringify(v.run.portfolio.uplift_interval)} true ${v.run.true_uplift_pct?.toFixed(1)}; share ${v.run.true_revenue_share_of_optimum?.toFixed(4)}; rules ${JSON.stringify(v.run.rules)}; ignoring cross ${v.own.portfolio.uplift_pct.toFixed(1)} ${JSON.stringify(v.own.portfolio.uplift_interval)} true ${v.own.true_uplift_pct?.toFixed(1)}`
    )
  }, 400_000)

  it('a scenario "brand −10%" moves the other brands’ volumes in the same stores; with ignore_cross they stay', async () => {
    const b = await project('retail', 4, 0.1)
    const spec = {
      name: 'Sunvale −10%',
      kind: 'changes' as const,
      changes: [{ scope: 'category' as const, key: 'Sunvale Premium', change_pct: -10 }],
      model: null,
      market_growth_pct: 0,
      competitor_move_pct: 0,
      cross_elasticity: 0,
      notes: ''
    }
    const [withCross, without] = await b.call('pricing:compare', {
      scenarios: [spec, { ...spec, name: 'no cross', ignore_cross: true }],
      items: true
    })
    b.close()
    const orchard = (r: typeof withCross) => {
      const rows = r.items.filter((i) => i.category === 'Orchard Gold')
      return rows.reduce((s, i) => s + i.enrollments, 0) / rows.reduce((s, i) => s + i.enrollments_before, 0)
    }
    // Orchard Gold's demand rises 0.5 × log(Sunvale's price): −10% takes about 5% of its volume.
    expect(orchard(withCross)).toBeLessThan(0.97)
    expect(orchard(withCross)).toBeGreaterThan(0.92)
    expect(orchard(without)).toBeCloseTo(1, 9)
    expect(withCross.notes.join(' ')).toMatch(/cross-price effects: \d+ links/)
    expect(withCross.totals.revenue).toBeLessThan(without.totals.revenue)
  }, 120_000)
})

describe('EdTech sample: no cross group, the optimizer still reaches the (joint = own) optimum', () => {
  it('seeds 1–2: share ≥ 0.995, rules scored, never worse than a strategy (revenue and margin)', async () => {
    const runs: { run: PricingRun; margin: PricingRun }[] = []
    for (const seed of [1, 2]) {
      const b = await project('edtech', seed, 0.25)
      runs.push({
        run: await optimize(b),
        margin: await optimize(b, { objective: 'margin', cost_share: 0.4 })
      })
      b.close()
    }
    multiSeed(
      [0, 1],
      (k) => runs[k],
      ({ run, margin }) => {
        expect(run.demand_label).not.toMatch(/cross-price/)
        expect(run.true_revenue_share_of_optimum as number).toBeGreaterThanOrEqual(0.995)
        expect(run.rules?.map((r) => r.rule)).toEqual(expect.arrayContaining(['today', 'floor', 'ceiling']))
        expect(neverWorse(run)).toEqual([])
        expect(neverWorse(margin)).toEqual([])
      }
    )
  }, 300_000)
})
