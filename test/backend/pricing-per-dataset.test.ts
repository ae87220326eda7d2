// Each dataset keeps its own pricing settings and its own latest sheet (issue 28: guardrails were shared across
// datasets, and the Pricing page could restore or export another dataset's sheet).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'

let b: Backend
let retail = ''

beforeAll(async () => {
  const { db } = await importSalesDataset(tempDir(), { items: 12, weeks: 30, seed: 3 })
  b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(db, { create: false })
  const s = await b.call('data:generate', { jobId: 'g', seed: 2, scale: 0.1, kind: 'retail' })
  retail = s.dataset ?? ''
  await b.call('elasticity:train', { jobId: 'e1', dataset: 'sales', models: ['ols'] })
  await b.call('elasticity:train', { jobId: 'e2', dataset: retail, models: ['ols'] })
}, 180_000)
afterAll(() => b?.close())

const runOf = async (dataset: string) =>
  (await b.call('elasticity:runs', {})).find((r) => r.dataset === dataset)?.run_id

describe('pricing settings and sheets per dataset', () => {
  it("keeps a dataset's guardrails and costs to that dataset", async () => {
    const margin = {
      ...DEFAULT_SETTINGS,
      objective: 'margin' as const,
      cost_share: 0.6,
      guardrails: { ...DEFAULT_SETTINGS.guardrails, max_increase: 0.05 }
    }
    await b.call('pricing:optimize', { runId: await runOf('sales'), settings: margin })
    expect(await b.call('pricing:settings', { dataset: 'sales' })).toMatchObject({ cost_share: 0.6 })
    // The other dataset never saw them: its own (the defaults until it saves some).
    const other = await b.call('pricing:settings', { dataset: retail })
    expect(other.cost_share).toBe(DEFAULT_SETTINGS.cost_share)
    expect(other.objective).toBe(DEFAULT_SETTINGS.objective)
    expect(other.guardrails.max_increase).toBe(DEFAULT_SETTINGS.guardrails.max_increase)
    // Optimizing the other dataset without settings uses its own, not the margin set of "sales".
    const r = await b.call('pricing:optimize', { runId: await runOf(retail) })
    expect(r.settings.cost_share).toBe(DEFAULT_SETTINGS.cost_share)
    expect(r.settings.guardrails.max_increase).toBe(DEFAULT_SETTINGS.guardrails.max_increase)
    // Saving one dataset's settings leaves the other's.
    await b.call('pricing:saveSettings', {
      dataset: retail,
      settings: { ...DEFAULT_SETTINGS, cost_share: 0.3 }
    })
    expect((await b.call('pricing:settings', { dataset: 'sales' })).cost_share).toBe(0.6)
    expect((await b.call('pricing:settings', { dataset: retail })).cost_share).toBe(0.3)
  }, 120_000)

  it("restores each dataset's latest sheet and exports the sheet asked for", async () => {
    const sales = await b.call('pricing:optimize', { runId: await runOf('sales') })
    const other = await b.call('pricing:optimize', { runId: await runOf(retail) })
    expect((await b.call('pricing:run', { dataset: 'sales' }))?.run_id).toBe(sales.run_id)
    expect((await b.call('pricing:run', { dataset: retail }))?.run_id).toBe(other.run_id)
    expect(await b.call('pricing:run', { dataset: 'nothing-priced' })).toBeNull()
    // The sheet on screen is exported, not whichever dataset was optimized last.
    const f = await b.call('pricing:export', { runId: sales.run_id ?? undefined })
    expect(f.name).toBe(`price-sheet-run${sales.run_id}.csv`)
    const csv = readFileSync(b.files.get(f.fileId).path, 'utf8')
    expect(csv).toMatch(/\r?\nS\d+,/)
    await expect(b.call('pricing:export', { runId: 99_999 })).rejects.toThrow(
      /pricing run 99999 does not exist/
    )
    const wb = await b.call('pricing:exportWorkbook', { runId: sales.run_id ?? undefined })
    expect(wb.name).toBe(`price-workbook-run${sales.run_id}.xlsx`)
  }, 120_000)

  it("an optimized scenario prices from its own dataset's latest sheet, not the project's latest", async () => {
    const sales = await b.call('pricing:optimize', { runId: await runOf('sales') })
    // The other dataset is optimized after it: the project's latest sheet is now the other dataset's.
    const other = await b.call('pricing:optimize', { runId: await runOf(retail) })
    expect(other.run_id).toBeGreaterThan(sales.run_id ?? 0)
    const spec = {
      name: 'Optimized sales',
      kind: 'optimized' as const,
      changes: [],
      model: null,
      market_growth_pct: 0,
      competitor_move_pct: 0,
      cross_elasticity: 0,
      notes: '',
      dataset: 'sales'
    }
    const [r] = await b.call('pricing:compare', { scenarios: [spec], items: true })
    // Every item is the sales dataset's, at the price its sheet recommends.
    const sheet = new Map(sales.rows.map((x) => [x.item_id, x.recommended_price]))
    expect(r.items).toHaveLength(sales.rows.length)
    for (const it of r.items) expect(it.price).toBeCloseTo(sheet.get(it.item_id) ?? NaN, 9)
    expect(r.items.some((it) => it.price !== it.current_price)).toBe(true)
    expect(r.sheet_run_id).toBe(sales.run_id)
    expect(r.notes[0]).toBe(`prices of sales's price sheet (run ${sales.run_id})`)
    // Saved, it forecasts the same way; a dataset with no sheet is refused with the reason.
    await b.call('pricing:saveScenario', { scenario: spec })
    expect((await b.call('pricing:compare', { names: ['Optimized sales'] }))[0].sheet_run_id).toBe(
      sales.run_id
    )
    await expect(
      b.call('pricing:compare', { scenarios: [{ ...spec, dataset: 'nothing-priced' }] })
    ).rejects.toThrow(/nothing-priced has no trained demand models yet/)
  }, 120_000)
})
