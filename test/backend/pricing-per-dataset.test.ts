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
})
