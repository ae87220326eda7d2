import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { startApp, OUTPUT, type App, settled } from './harness'
import { Backend } from '../../src/backend/backend'
import { TrainingPool } from '../../src/backend/training-pool'

let app: App

beforeAll(async () => {
  // A project with sample data and trained demand models, made through the same backend the app uses.
  const project = join(mkdtempSync(join(tmpdir(), 'pricelab-e2e-pricing-')), 'study.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test', pool: new TrainingPool({ size: 2 }) })
  await b.ensureProject(project, { sample: true })
  await b.call('elasticity:train', { jobId: 'setup', models: ['ols', 'poly2', 'gbm'] })
  b.close()
  app = await startApp({ project })
}, 180_000)
afterAll(async () => {
  await app?.close()
})

describe('Pricing page in browser mode', () => {
  it('optimizes the sample catalog inside the guardrails and explains every price', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    await p.getByTestId('max-increase').fill('15')
    await p.getByRole('button', { name: 'Optimize prices' }).click()
    await p.getByTestId('kpi-uplift').waitFor({ timeout: 60_000 })
    expect(await p.getByTestId('kpi-truth').textContent()).toMatch(/share of true optimum\d+\.\d{2}%/)
    const strategies = await p.getByTestId('strategy-table').textContent()
    for (const s of ['current', 'elasticity', 'competitive', 'lifecycle', 'time', 'blend', 'optimizer'])
      expect(strategies).toContain(s)
    const rows = p.getByTestId('price-table').locator('tbody tr')
    expect(await rows.count()).toBe(25)
    // Every price names its reason; sorted by change, the top one is at most +15%.
    const top = await rows.first().locator('td').nth(4).textContent()
    // Change % is written as a percent with its sign ("+15.00%", two decimals like every percent).
    expect(top).toMatch(/^[+-]\d+\.\d\d%$/)
    expect(Number(top?.replace(/[+%]/g, ''))).toBeLessThanOrEqual(15.0001)
    expect(await p.getByTestId('winners').locator('tbody tr').count()).toBe(5)
    await p.getByTestId('chart-categories').getByTestId('echart').waitFor()
    await settled(p)
    await p.getByRole('button', { name: 'Optimize prices' }).scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing.png'), fullPage: false })
    await p.getByTestId('price-table').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing-table.png') })
    // A bundle of two courses, priced from their recommended prices less 20%.
    await p.getByTestId('bundle-items').fill('1, 2')
    await p.getByRole('button', { name: 'Price the bundle' }).click()
    expect(await p.getByTestId('bundle-quote').textContent()).toMatch(
      /2 courses listed at [\d.]+ tokens .* bundle [\d.]+ tokens \(15\.00% off\)/
    )
    // Issue 25: a cost share per category and a rounding step of one's own, as the CLI has them.
    await p.getByRole('switch', { name: 'Cost share per category' }).click()
    await p.getByTestId('segment-cost-shares').locator('input:not([type="checkbox"])').first().fill('55')
    await p.getByTestId('rounding').locator('..').click()
    await p.getByRole('option', { name: /A step of my own/ }).click()
    await p.getByTestId('rounding-step').fill('5')
    await p.getByTestId('segment-cost-shares').scrollIntoViewIfNeeded()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '10-pricing-shares-step.png') })
    await p.getByRole('switch', { name: 'Cost share per category' }).click()
    await p.getByTestId('rounding').locator('..').click()
    await p.getByRole('option', { name: /^Data's grid/ }).click()
  })

  it('compares two saved scenarios side by side', async () => {
    const p = app.page
    await p.getByTestId('scenario-name').fill('All +5%')
    await p.getByRole('button', { name: 'Save scenario' }).click()
    await p.getByTestId('scenario-list').getByText('All +5%', { exact: true }).waitFor()
    await p.getByRole('button', { name: 'New' }).click()
    await p.getByTestId('scenario-name').fill('Programming +10%')
    await p.getByRole('combobox', { name: 'Applies to' }).click()
    await p.getByRole('option', { name: 'Category' }).click()
    await p.getByRole('combobox', { name: 'Category', exact: true }).click()
    await p.getByRole('option', { name: 'Programming' }).click()
    await p.getByTestId('change-0').fill('10')
    await p.getByRole('button', { name: 'Save scenario' }).click()
    await p.getByTestId('scenario-list').getByText('Programming +10%', { exact: true }).waitFor()
    await p.getByRole('button', { name: /Compare/ }).click()
    const table = p.getByTestId('scenario-table')
    await table.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(2)
    expect(await table.textContent()).toContain('Programming +10%')
    await p.getByTestId('chart-scenarios').getByTestId('echart').waitFor()
    await p.getByTestId('chart-scenario-curve').getByTestId('echart').waitFor()
    await p.getByTestId('chart-scenario-curve').scrollIntoViewIfNeeded()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '11-pricing-scenarios.png') })
  })

  it('exports the price sheet and reads it back', async () => {
    const p = app.page
    await p.getByRole('button', { name: 'Export price sheet' }).scrollIntoViewIfNeeded()
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export price sheet' }).click()
    ])
    const path = join(app.home, 'prices.csv')
    await download.saveAs(path)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n')
    expect(
      lines[0].startsWith('\uFEFFitem_id,name,category,tier,current_price,recommended_price,change_pct')
    ).toBe(true)
    expect(lines).toHaveLength(2001)
  })

  it('exports the workbook (.xlsx) beside the price sheet', async () => {
    const p = app.page
    const button = p.getByTestId('export-workbook')
    await button.scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing-export-workbook.png') })
    const [download] = await Promise.all([p.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toMatch(/^price-workbook-run\d+\.xlsx$/)
    const path = join(app.home, 'prices.xlsx')
    await download.saveAs(path)
    const bytes = readFileSync(path)
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet2.xml'))).toBe(true)
  })
})
