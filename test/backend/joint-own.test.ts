import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import type { PricingRun, PricingSettings } from '../../src/shared/pricing'
import type { ElasticityReport } from '../../src/shared/elasticity/results'
import { itemElasticity, recommendationOf, segmentElasticity } from '../../src/shared/elasticity/recommend'
import { multiSeed } from '../multi-seed'
import { tempDir } from '../helpers'

async function project(kind: 'retail' | 'edtech', seed: number, scale: number) {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
  await b.call('data:generate', { jobId: 'g', kind, seed, scale })
  const e = await b.call('elasticity:train', {
    jobId: 'e',
    dataset: kind === 'retail' ? 'retail_sample' : undefined,
    models: ['ols'],
    dml: 'on'
  })
  return { b, e }
}

const optimize = (b: Backend, s: Partial<PricingSettings> = {}) =>
  b.call('pricing:optimize', { settings: { ...DEFAULT_SETTINGS, ...s }, save: false })

/**
 * Where each row's elasticity came from: `segment` (the segment's own estimate of the named source),
 * `item` (the item's pooled estimate moved by joint − recommended for `cross_own`), or `other`.
 */
function rowSources(run: PricingRun, e: ElasticityReport, source: 'cross_own' | 'recommended') {
  const rec = recommendationOf(e)
  const count = { segment: 0, item: 0, other: 0 }
  for (const r of run.rows) {
    const recSeg = segmentElasticity(rec, r.category)?.recommended as number
    const seg =
      source === 'cross_own' ? (e.cross_own.find((o) => o.segment === r.category)?.elasticity ?? NaN) : recSeg
    const item = itemElasticity(rec, r.item_id)?.elasticity
    const shifted = typeof item === 'number' ? item + (seg - recSeg) : NaN
    const el = r.elasticity as number
    if (Math.abs(el - seg) < 1e-9) count.segment++
    else if (Math.abs(el - shifted) < 1e-9) count.item++
    else count.other++
  }
  return count
}

const inside = (run: PricingRun) => {
  const iv = run.portfolio.uplift_interval
  return (
    iv !== null && (run.true_uplift_pct as number) >= iv.low && (run.true_uplift_pct as number) <= iv.high
  )
}

describe('own elasticities estimated jointly with the cross terms price the sheet where the cross terms are applied', () => {
  // The issue: "Own elasticities are estimated jointly with the cross terms where they are used." Before,
  // the demand system multiplied the debiased own curves (estimated without the competitors' prices) by
  // the cross terms of another regression.
  it('retail seeds 1–3 (full size): own_source cross_own, every row priced with its segment’s cross_own (items: moved by joint − recommended), the true uplift inside the interval (width 1–15 points); ignore_cross: the recommended ones', async () => {
    const values: { run: PricingRun; off: PricingRun; e: ElasticityReport }[] = []
    for (const seed of [1, 2, 3]) {
      const { b, e } = await project('retail', seed, 1)
      values.push({ run: await optimize(b), off: await optimize(b, { ignore_cross: true }), e })
      b.close()
    }
    multiSeed(
      [1, 2, 3],
      (seed) => values[seed - 1],
      ({ run, off, e }) => {
        expect(run.own_source).toBe('cross_own')
        expect(run.demand_label).toMatch(/joint \(estimated with the cross terms\) elasticity per segment/)
        const used = rowSources(run, e, 'cross_own')
        expect(used.other).toBe(0)
        expect(used.segment + used.item).toBe(run.rows.length)
        // The joint estimates differ from the recommended ones: no row keeps its recommended value.
        expect(rowSources(run, e, 'recommended').other).toBe(run.rows.length)
        expect(inside(run)).toBe(true)
        const iv = run.portfolio.uplift_interval as { low: number; high: number }
        expect(iv.high - iv.low).toBeGreaterThan(1)
        expect(iv.high - iv.low).toBeLessThan(15)
        expect((run.true_revenue_share_of_optimum as number) >= 0.995).toBe(true)

        expect(off.own_source).toBe('recommended')
        const kept = rowSources(off, e, 'recommended')
        expect(kept.other).toBe(0)
      },
      ({ run, off }) =>
        `own ${run.own_source}/${off.own_source}, uplift ${run.portfolio.uplift_pct.toFixed(2)} ${JSON.stringify(run.portfolio.uplift_interval)} true ${run.true_uplift_pct?.toFixed(2)}, share ${run.true_revenue_share_of_optimum}`
    )
  }, 600_000)

  it('EdTech seeds 1–2 (no cross group): own_source recommended, rows priced with the recommended estimates', async () => {
    const values: { run: PricingRun; e: ElasticityReport }[] = []
    for (const seed of [1, 2]) {
      const { b, e } = await project('edtech', seed, 0.25)
      values.push({ run: await optimize(b), e })
      b.close()
    }
    multiSeed(
      [1, 2],
      (seed) => values[seed - 1],
      ({ run, e }) => {
        expect(e.cross_group).toBeNull()
        expect(run.own_source).toBe('recommended')
        expect(rowSources(run, e, 'recommended').other).toBe(0)
      },
      ({ run }) => `own ${run.own_source}`
    )
  }, 300_000)
})
