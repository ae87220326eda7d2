import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { optimizePrices, type DemandFn } from '../../src/core/pricing/optimize'
import type { CatalogItem } from '../../src/core/pricing/catalog'
import type { PriceRow } from '../../src/shared/pricing'
import { decimalsOf } from '../../src/core/pricing/rounding'
import { currency } from '../../src/core/pricing/units'
import { cli, tempDir } from '../helpers'
import { importRetailPanel, type RetailTruth } from './fixtures/retail-panel'

/** The most common value; ties: the middle one of the tied values in ascending order. */
function mode(xs: number[]): number {
  const n = (x: number) => xs.filter((y) => y === x).length
  const top = Math.max(...xs.map(n))
  const tied = [...new Set(xs.filter((x) => n(x) === top))].sort((a, b) => a - b)
  return tied[(tied.length - 1) >> 1]
}

/** The true revenue of the sheet's prices as a share of the true optimum inside the same default guardrails. */
async function trueShare(rows: PriceRow[], truth: RetailTruth) {
  const items: CatalogItem[] = rows.map((r, k) => ({
    id: r.item_id,
    name: r.item_id,
    segment: r.category,
    tier: null,
    line: null,
    current_price: r.current_price,
    observed_min: r.observed_min,
    observed_max: r.observed_max,
    reference_price: r.current_price,
    reference_kind: 'category_average',
    cost: null,
    age_weeks: null,
    row: k
  }))
  const q: DemandFn = async (idx, prices) =>
    Float64Array.from(idx, (i, k) => {
      const id = items[i].id
      return (
        (truth.level.get(id) as number) *
        (prices[k] / (truth.ref.get(id) as number)) ** (truth.elasticity.get(id) as number)
      )
    })
  const all = Int32Array.from(items, (_, i) => i)
  const best = await optimizePrices(items, q, {
    objective: 'revenue',
    min_volume_share: null,
    guardrails: DEFAULT_SETTINGS.guardrails,
    unit: currency(2)
  })
  const value = async (p: Float64Array) => {
    const qq = await q(all, p)
    return Array.from(p, (x, i) => x * qq[i])
  }
  const chosen = await value(Float64Array.from(rows, (r) => r.recommended_price))
  const today = await value(Float64Array.from(rows, (r) => r.current_price))
  const opt = await value(Float64Array.from(best.items, (x) => x.price))
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
  return {
    share: sum(chosen) / sum(opt),
    worseThanToday: chosen.filter((v, i) => v < today[i] * (1 - 1e-9)).length
  }
}

describe('pricing a weekly store × brand panel with dollar prices and no item column', () => {
  it('optimizes in one step: trains what it needs, prices per brand in dollars to the cent, quantity columns', async () => {
    const dir = tempDir()
    const { db, truth } = await importRetailPanel(dir, { stores: 12, weeks: 40, seed: 1 })
    const out = join(dir, 'prices.csv')
    // The project holds only the imported dataset: optimize trains its models itself.
    const o = await cli('optimize', '--db', db, '--out', out, '--json')
    expect(o.err).not.toMatch(/course price history/)
    expect(o.code).toBe(0)
    const j = JSON.parse(o.out)
    expect(j.trained_elasticity).toBe(true)
    expect(j.dataset).toBe('retail')
    expect(j.unit).toMatchObject({ kind: 'currency', decimals: 2 })
    expect(j.demand).toBe('causal')
    expect(j.demand_label).toMatch(/causal/)
    expect(j.settings.guardrails.rounding.rule).toBe('auto')
    expect(j.uncertain === true || j.uncertain === false).toBe(true)
    expect(j.refused).toBeNull()
    // Without an item column the items are the brands: one row each, not one per row of the file.
    expect(j.items).toBe(3)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n')
    expect(lines).toHaveLength(4)
    const header = lines[0].split(',')
    expect(header).toContain('quantity_before')
    expect(header).toContain('quantity_after')
    expect(header).not.toContain('enrollments_before')
    expect(header).toContain('price_unit')
    const col = (name: string) => header.indexOf(name)
    for (const l of lines.slice(1)) {
      const f = l.split(',')
      const brand = f[col('item_id')]
      // Today's price of a brand: its most common price across stores in the latest week (ties: the middle one).
      const last = [...truth.lastPrice].filter(([k]) => k.endsWith(`× ${brand}`)).map(([, p]) => p)
      expect(Number(f[col('current_price')])).toBe(mode(last))
      expect(decimalsOf(Number(f[col('recommended_price')]))).toBeLessThanOrEqual(2)
      expect(f[col('price_unit')]).toBe('currency with 2 decimals')
      // Rounded for reading: no number in the sheet has more than two decimals ...
      for (const c of ['change_pct', 'quantity_before', 'quantity_after', 'revenue_before', 'revenue_after'])
        expect(decimalsOf(Number(f[col(c)])), `${c} ${f[col(c)]}`).toBeLessThanOrEqual(2)
      // ... while --json keeps the exact row, which the sheet rounds.
      const exact = (j.rows as { item_id: string; change_pct: number; quantity_after: number }[]).find(
        (r) => r.item_id === brand
      )
      expect(Number(f[col('change_pct')])).toBe(Math.round((exact?.change_pct ?? NaN) * 100) / 100)
      expect(Number(f[col('quantity_after')])).toBe(Math.round((exact?.quantity_after ?? NaN) * 100) / 100)
    }
    expect(
      (j.rows as { quantity_after: number }[]).some((r) => decimalsOf(r.quantity_after) > 2),
      'the JSON keeps unrounded quantities'
    ).toBe(true)
  }, 120_000)

  it('prices each store × brand near the true optimum on the causal curve, never below today (seeds 1–3)', async () => {
    for (const seed of [1, 2, 3]) {
      const { db, truth } = await importRetailPanel(tempDir(), { stores: 12, weeks: 40, seed })
      const b = new Backend({ mode: 'cli', version: 'test' })
      b.openProject(db, { create: false })
      await b.call('elasticity:train', { jobId: 'e', dataset: 'retail', models: ['ols', 'gbm'] })
      const run = await b.call('pricing:optimize', {
        settings: DEFAULT_SETTINGS,
        save: false,
        itemBy: ['store', 'brand']
      })
      expect(run.rows).toHaveLength(36)
      for (const r of run.rows) {
        expect(r.current_price).toBe(truth.lastPrice.get(r.item_id))
        expect(decimalsOf(r.recommended_price)).toBeLessThanOrEqual(2)
      }
      expect(run.refused).toBeNull()
      const { share, worseThanToday } = await trueShare(run.rows, truth)
      expect(share).toBeGreaterThanOrEqual(0.97)
      expect(worseThanToday).toBe(0)
      // The same sheet on one model's own curve is still available and labelled.
      const own = await b.call('pricing:optimize', {
        model: 'gbm',
        settings: { ...DEFAULT_SETTINGS, demand: 'model' },
        save: false,
        itemBy: ['store', 'brand']
      })
      expect(own.demand).toBe('model')
      expect(own.demand_label).toMatch(/model's own demand curve/)
      // Never worse than today under the model that made it.
      expect(own.portfolio.optimized_revenue).toBeGreaterThanOrEqual(
        own.portfolio.current_revenue * (1 - 1e-9)
      )
      b.close()
    }
  }, 180_000)

  it('keeps CLI flags to one run, and refuses a sheet that predicts less than today', async () => {
    const dir = tempDir()
    const { db } = await importRetailPanel(dir, { stores: 6, weeks: 30, seed: 4 })
    const out = join(dir, 'p.csv')
    const a = await cli('optimize', '--db', db, '--max-price', '50', '--out', out, '--json')
    expect(a.code).toBe(0)
    expect(JSON.parse(a.out).settings.guardrails.max_price).toBe(50)
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    expect((await b.call('pricing:settings', {})).guardrails.max_price).toBeNull()
    // Saved settings apply only with --settings saved.
    await b.call('pricing:saveSettings', {
      settings: { ...DEFAULT_SETTINGS, guardrails: { ...DEFAULT_SETTINGS.guardrails, max_increase: 0.05 } }
    })
    b.close()
    // The same --out again: an existing file is replaced only with --force.
    const plain = JSON.parse((await cli('optimize', '--db', db, '--out', out, '--force', '--json')).out)
    expect(plain.settings.guardrails.max_price).toBeNull()
    expect(plain.settings.guardrails.max_increase).toBe(0.2)
    const saved = JSON.parse(
      (await cli('optimize', '--db', db, '--settings', 'saved', '--out', out, '--force', '--json')).out
    )
    expect(saved.settings.guardrails.max_increase).toBe(0.05)

    // A minimum price above today's forces elastic brands up: the sheet loses revenue and is refused, not written.
    const refusedOut = join(dir, 'refused.csv')
    const r = await cli(
      'optimize',
      '--db',
      db,
      '--min-price',
      '3.6',
      '--max-change',
      '0.6',
      '--allow-extrapolation',
      '--out',
      refusedOut,
      '--json'
    )
    expect(r.code).toBe(1)
    const rj = JSON.parse(r.out)
    expect(rj.refused).toMatch(/against .* at today's prices.*min price/)
    expect(rj.out).toBeNull()
    expect(existsSync(refusedOut)).toBe(false)
    const b2 = new Backend({ mode: 'cli', version: 'test' })
    b2.openProject(db, { create: false })
    await expect(b2.call('pricing:export', {})).rejects.toThrow(/not exported/)
    b2.close()
  }, 120_000)
})

describe('pricing the retail sample with default settings', () => {
  it('reaches ≥ 97% of the true optimum with no item truly below today (seeds 1–2, scale 0.1)', async () => {
    for (const seed of [1, 2]) {
      const b = new Backend({ mode: 'cli', version: 'test' })
      b.openProject(join(tempDir(), 'r.pricelab'), { create: true })
      await b.call('data:generate', { jobId: 'g', kind: 'retail', seed, scale: 0.1 })
      await b.call('elasticity:train', { jobId: 'e', dataset: 'retail_sample', models: ['ols', 'gbm'] })
      const run = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
      expect(run.unit).toMatchObject({ kind: 'currency', decimals: 2 })
      expect(run.demand).toBe('causal')
      expect(run.refused).toBeNull()
      expect(run.true_revenue_share_of_optimum).toBeGreaterThanOrEqual(0.97)
      expect(run.true_items_below_today).toBe(0)
      for (const r of run.rows) expect(decimalsOf(r.recommended_price)).toBeLessThanOrEqual(2)
      b.close()
    }
  }, 180_000)
})
