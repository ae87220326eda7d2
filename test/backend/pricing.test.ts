import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { tempDir, cli } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'

describe('pricing through the backend and the CLI', () => {
  it('optimizes the sample catalog near the true optimum, inside the guardrails, and keeps runs and scenarios', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    const db = join(tempDir(), 'p.pricelab')
    b.openProject(db, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 5, scale: 0.25 })
    // No model yet: the message points to the Elasticity page.
    await expect(b.call('pricing:optimize', {})).rejects.toThrow(/train the models on the Elasticity page/)
    await b.call('elasticity:train', { jobId: 'e', models: ['ols', 'gbm'] })

    const settings = {
      ...DEFAULT_SETTINGS,
      guardrails: { ...DEFAULT_SETTINGS.guardrails, max_increase: 0.1, max_decrease: 0.15 }
    }
    const run = await b.call('pricing:optimize', { model: 'ols', settings })
    expect(run.run_id).toBeGreaterThan(0)
    expect(run.true_revenue_share_of_optimum).toBeGreaterThan(0.97)
    for (const r of run.rows) {
      expect(r.recommended_price).toBeLessThanOrEqual(r.current_price * 1.1 + 1e-9)
      expect(r.recommended_price).toBeGreaterThanOrEqual(r.current_price * 0.85 - 1e-9)
      expect(Number.isInteger(r.recommended_price)).toBe(true) // whole-token rounding by default
      expect(r.reasoning).toMatch(/revenue/)
    }
    const p = run.portfolio
    expect(p.revenue_interval!.low).toBeLessThanOrEqual(p.optimized_revenue)
    expect(p.revenue_interval!.high).toBeGreaterThanOrEqual(p.optimized_revenue)
    expect(run.comparison.map((c) => c.strategy)).toEqual([
      'current',
      'elasticity',
      'competitive',
      'lifecycle',
      'time',
      'blend',
      'optimizer'
    ])
    // Settings and the run are kept in the project.
    expect((await b.call('pricing:settings', {})).guardrails.max_increase).toBe(0.1)
    expect((await b.call('pricing:run', {}))?.run_id).toBe(run.run_id)

    // Guardrails that cannot hold: a clear message, nothing saved.
    const bad = { ...settings, guardrails: { ...settings.guardrails, min_price: 90, max_price: 50 } }
    await expect(b.call('pricing:optimize', { settings: bad })).rejects.toThrow(
      /minimum price 90 is above maximum price 50/
    )
    expect((await b.call('pricing:run', {}))?.run_id).toBe(run.run_id)
    await expect(
      b.call('pricing:optimize', { settings: { ...settings, objective: 'margin' } })
    ).rejects.toThrow(/needs a cost/)

    // Scenarios: saved, compared with intervals, unknown names refused.
    const base = {
      kind: 'changes' as const,
      model: null,
      market_growth_pct: 0,
      competitor_move_pct: 0,
      cross_elasticity: 0.3,
      notes: ''
    }
    await b.call('pricing:saveScenario', {
      scenario: { ...base, name: 'up', changes: [{ scope: 'all', key: null, change_pct: 5 }] }
    })
    await b.call('pricing:saveScenario', {
      scenario: { ...base, name: 'opt', kind: 'optimized', changes: [] }
    })
    await expect(
      b.call('pricing:saveScenario', {
        scenario: {
          ...base,
          name: 'typo',
          changes: [{ scope: 'category', key: 'Programing', change_pct: 5 }]
        }
      })
    ).rejects.toThrow(/no category named "Programing"/)
    const cmp = await b.call('pricing:compare', { names: ['up', 'opt'] })
    expect(cmp.map((c) => c.name)).toEqual(['up', 'opt'])
    // The optimized scenario forecasts the optimizer's own revenue with the same model.
    expect(cmp[1].totals.revenue).toBeCloseTo(p.optimized_revenue, 0)
    const bundle = await b.call('pricing:bundle', {
      items: [run.rows[0].item_id, run.rows[1].item_id],
      discount: 0.2
    })
    expect(bundle.bundle_price).toBeCloseTo(
      (run.rows[0].recommended_price + run.rows[1].recommended_price) * 0.8,
      2
    )
    b.close()

    // The CLI: --json with the documented fields, and the price sheet on disk.
    const out = join(tempDir(), 'prices.csv')
    const o = await cli(
      'optimize',
      '--db',
      db,
      '--model',
      'gbm',
      '--max-change',
      '0.2',
      '--round',
      '9',
      '--out',
      out,
      '--json'
    )
    expect(o.code).toBe(0)
    const j = JSON.parse(o.out)
    for (const k of [
      'items',
      'current_revenue',
      'optimized_revenue',
      'uplift_pct',
      'true_revenue_share_of_optimum',
      'guardrail_hits'
    ])
      expect(j).toHaveProperty(k)
    expect(j.items).toBe(run.rows.length)
    expect(j.model).toBe('gbm')
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(run.rows.length + 1)
    const s = await cli('scenario', '--db', db, '--change', 'all:+5%', '--compare', 'opt', '--json')
    expect(s.code).toBe(0)
    expect(JSON.parse(s.out).scenarios.map((x: { name: string }) => x.name)).toEqual(['all:+5%', 'opt'])
    const e = await cli('scenario', '--db', db, '--change', 'Programming +10')
    expect(e.code).toBe(2)
    expect(e.err).toMatch(/cannot read the change/)
  }, 120_000)
})

describe('pricing an imported dataset with a mapped competitor price', () => {
  it('keeps every price within the band around that item’s competitor price', async () => {
    const dir = tempDir()
    const { db, rival } = await importSalesDataset(dir, { items: 60, weeks: 16, seed: 9 })
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    await b.call('elasticity:train', { jobId: 'e', dataset: 'sales', models: ['ols'] })
    const settings = {
      ...DEFAULT_SETTINGS,
      guardrails: {
        ...DEFAULT_SETTINGS.guardrails,
        max_increase: 0.3,
        max_decrease: 0.3,
        stay_in_observed: false,
        competitor_band_abs: 2,
        rounding: { rule: 'none' as const, direction: 'nearest' as const }
      }
    }
    const run = await b.call('pricing:optimize', { settings })
    expect(run.rows).toHaveLength(60)
    for (const r of run.rows) {
      if (r.binding_guardrail === 'conflict') continue
      expect(Math.abs(r.recommended_price - (rival.get(r.item_id) as number))).toBeLessThanOrEqual(2 + 1e-6)
    }
    expect(run.rows.some((r) => r.binding_guardrail === 'competitor_band')).toBe(true)
    // Elastic demand (−1.3) pushes prices down: the band 2 units under each rival's price is what holds them.
    // Every item the optimizer moves is held by the band; with 16 weeks per item, the items whose own
    // elasticity interval (widened for do no harm) reaches past −1 keep today's price instead.
    const hits = run.portfolio.guardrail_hits
    expect(hits.competitor_band).toBeGreaterThan(10)
    expect((hits.competitor_band ?? 0) + (hits.no_harm ?? 0)).toBe(60)
    expect(run.true_revenue_share_of_optimum).toBeNull() // no ground truth for imported data
    b.close()
  }, 60_000)
})
