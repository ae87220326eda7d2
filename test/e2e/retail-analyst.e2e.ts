import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { utils, write } from '@e965/xlsx'
import type { Page } from 'playwright-core'
import { startApp, OUTPUT, type App, chooseDataset, settled } from './harness'
import { Backend } from '../../src/backend/backend'

/** EdTech words that must not appear anywhere in an analyst's job on their own retail data. */
const EDTECH = /\b(tokens?|enrollments?|learners?|courses?)\b/i
/** On the pages this panel is priced and tested on, its segment is a brand: nothing may call it a category. */
const CATEGORY = /\bcategor(y|ies)\b/i

let app: App
let csvPath = ''
let xlsxPath = ''
let rowsExported = 0

/** The retail sample, generated in a scratch project and exported as an analyst would have it: CSV and .xlsx. */
async function exportRetailSample(dir: string): Promise<void> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(dir, 'scratch.pricelab'), { create: true })
  try {
    await b.call('data:generate', { jobId: 'g', kind: 'retail', seed: 3, scale: 0.05 })
    const f = await b.call('export:table', { table: 'ds_retail_sample' })
    rowsExported = f.rows
    const text = readFileSync(b.files.get(f.fileId).path, 'utf8')
    csvPath = join(dir, 'weekly sales.csv')
    writeFileSync(csvPath, text)
    // The same rows as a workbook: numbers as numbers, weeks as dates.
    const lines = text.trimEnd().split(/\r?\n/)
    const header = lines[0].split(',')
    const rows = lines.slice(1).map((l) =>
      l.split(',').map((v, k) => {
        if (/^\d{4}-\d\d-\d\d$/.test(v)) return new Date(`${v}T00:00:00Z`)
        return v !== '' && !Number.isNaN(Number(v)) && header[k] !== 'item' ? Number(v) : v
      })
    )
    const wb = utils.book_new()
    utils.book_append_sheet(wb, utils.aoa_to_sheet([header, ...rows]), 'Weekly sales')
    xlsxPath = join(dir, 'weekly sales.xlsx')
    writeFileSync(xlsxPath, new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer))
  } finally {
    b.close()
  }
}

async function pageText(p: Page, scope = 'body'): Promise<string> {
  return (await p.locator(scope).innerText()) ?? ''
}

/**
 * Screenshot, then assert no EdTech word is visible on the page (or in `scope`: the import dialog is checked on
 * its own, since behind it the empty project's first-run card rightly describes both samples).
 */
async function shotAndCheck(p: Page, file: string, scope = 'body', words = EDTECH): Promise<void> {
  await settled(p)
  await p.screenshot({ path: join(OUTPUT, file) })
  const text = await pageText(p, scope)
  expect(
    text.match(words)?.[0] ?? null,
    `${file}: ${text.match(new RegExp(`.{0,60}${words.source}.{0,60}`, 'i'))?.[0]}`
  ).toBeNull()
}
/** The EdTech words and "category" (pages of pricing and A/B tests on the brand panel). */
const EDTECH_OR_CATEGORY = new RegExp(`${EDTECH.source}|${CATEGORY.source}`, 'i')

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pricelab-e2e-analyst-'))
  await exportRetailSample(dir)
  // A NEW, empty project: everything the analyst does starts from their own files.
  const project = join(dir, 'analyst.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(project, { create: true })
  b.close()
  app = await startApp({ project })
}, 180_000)
afterAll(async () => {
  await app?.close()
})

async function importFile(p: Page, file: string, name: string): Promise<void> {
  await p.getByTestId('file-input').setInputFiles(file)
  await expect.poll(() => p.getByTestId('role-week').inputValue()).toBe('period')
  expect(await p.getByTestId('role-item').inputValue()).toBe('item')
  expect(await p.getByTestId('role-brand').inputValue()).toBe('segment')
  expect(await p.getByTestId('role-price').inputValue()).toBe('price')
  expect(await p.getByTestId('role-quantity').inputValue()).toBe('quantity')
  await p.getByTestId('dataset-name').fill(name)
}

describe('a full analyst job on an imported retail panel (issue 16)', () => {
  it('imports the panel exported to CSV and to .xlsx through the import dialog', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Data' }).click()
    await importFile(p, csvPath, 'sales_csv')
    await shotAndCheck(p, '40-analyst-import-csv.png', '[role="dialog"]')
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor({ timeout: 60_000 })
    expect(await p.getByTestId('import-success').textContent()).toContain(
      `Imported ${rowsExported.toLocaleString('en-US')} rows into the dataset "sales_csv"`
    )
    await p.getByRole('button', { name: 'Done' }).click()

    await importFile(p, xlsxPath, 'sales')
    expect(await p.getByTestId('import-format').textContent()).toBe('Excel workbook')
    await shotAndCheck(p, '41-analyst-import-xlsx.png', '[role="dialog"]')
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor({ timeout: 60_000 })
    expect(await p.getByTestId('import-success').textContent()).toContain(
      `Imported ${rowsExported.toLocaleString('en-US')} rows into the dataset "sales"`
    )
    await p.getByRole('button', { name: 'Done' }).click()
    await p.getByTestId('table-list').getByText('sales', { exact: true }).click()
    await expect.poll(() => p.getByTestId('row-count').textContent()).toMatch(/rows/)
    await shotAndCheck(p, '42-analyst-data.png')
  })

  it('trains elasticity on the imported workbook (fast models)', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Elasticity' }).click()
    // The app bar's Dataset menu is the one dataset choice (issue 28): every page follows it.
    await chooseDataset(p, 'sales')
    for (const slow of ['Random forest', 'Gradient boosting', 'GAM (P-spline)'])
      await p.getByLabel(slow, { exact: true }).uncheck()
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('comparison-table').waitFor({ timeout: 150_000 })
    await p.getByTestId('recommended-headline').waitFor()
    await shotAndCheck(p, '43-analyst-elasticity.png')
    // The demand chart in the dataset's words (units / week, mean price), not the sample's (issue 28).
    await p.getByRole('tab', { name: 'Demand & revenue' }).click()
    await p.getByRole('img', { name: 'Demand and revenue at the recommended elasticity' }).waitFor()
    await p
      .getByRole('img', { name: 'Demand and revenue at the recommended elasticity' })
      .scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '43b-analyst-demand-curve.png') })
    await p.getByRole('tab', { name: 'Elasticity by segment' }).click()
  })

  it('builds the price sheet on the Pricing page', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    const optimize = p.getByRole('button', { name: /Optimize prices|Train models and optimize/ }).first()
    await optimize.waitFor({ timeout: 30_000 })
    await optimize.click()
    await p.getByTestId('kpi-uplift').waitFor({ timeout: 120_000 })
    await p.getByTestId('price-table').waitFor()
    await shotAndCheck(p, '44-analyst-pricing.png', 'body', EDTECH_OR_CATEGORY)
    expect(await pageText(p)).toMatch(/Revenue change by brand/)
    await p.getByTestId('price-table').scrollIntoViewIfNeeded()
    await shotAndCheck(p, '44b-analyst-price-sheet.png', 'body', EDTECH_OR_CATEGORY)
    // Prices in the unit's decimals ("2.60", not "2.6"), revenues with thousands separators.
    const cells = await p
      .getByTestId('price-table')
      .locator('tbody tr td[data-col="recommended_price"]')
      .allTextContents()
    for (const c of cells) expect(c).toMatch(/^\d+\.\d\d → \d+\.\d\d$/)
  })

  it('designs an A/B plan on the dataset’s items, stratified by its segment column', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Experiments' }).click()
    await p.getByTestId('experiment-name').fill('brand-test')
    await p.getByRole('combobox', { name: 'Units' }).click()
    // The dataset's items ("Rows of DATASET (by COLUMN)" once one is chosen, issue 26).
    await p.getByRole('option', { name: /^(Rows of .+ \(by .+\)|Items of an imported dataset)$/ }).click()
    // The wizard's own Dataset field (the app bar's dataset switcher comes first in the page).
    await p.getByRole('combobox', { name: 'Dataset', exact: true }).last().click()
    await p.getByRole('option', { name: 'sales', exact: true }).click()
    await shotAndCheck(p, '45-analyst-ab-units.png', 'body', EDTECH_OR_CATEGORY)
    await p.getByRole('button', { name: 'Next' }).click() // → Arms
    await p.getByRole('button', { name: 'Next' }).click() // → Power
    await p.getByTestId('power-result').waitFor({ timeout: 60_000 })
    await shotAndCheck(p, '46-analyst-ab-power.png', 'body', EDTECH_OR_CATEGORY)
    await p.getByRole('button', { name: 'Next' }).click() // → Assignment
    await shotAndCheck(p, '47-analyst-ab-assignment.png', 'body', EDTECH_OR_CATEGORY)
    // Stratified by the dataset's own segment column, not by a "category" it does not have.
    expect(await p.getByRole('combobox', { name: 'Stratify by' }).textContent()).toBe('Segment: brand')
    await p.getByRole('button', { name: 'Next' }).click() // → Review
    await p.getByTestId('strata-table').waitFor({ timeout: 60_000 })
    await shotAndCheck(p, '48-analyst-ab-review.png', 'body', EDTECH_OR_CATEGORY)
    // 28 items cannot detect 10%: the plan says so, and the analyst saves it knowingly.
    await p.getByLabel('Save it anyway: I accept the larger detectable effect').check()
    await p.getByRole('button', { name: 'Save experiment' }).click()
    await p.getByText(/Saved "brand-test"/).waitFor()
    await p.getByTestId('experiments-table').getByText('brand-test').waitFor()
    // A plan is listed under its dataset only: the CSV import (another dataset) has none.
    await p.getByRole('combobox', { name: 'Dataset' }).first().click()
    await p.getByRole('option', { name: /^sales_csv\b/ }).click()
    await p.getByText('None yet.').waitFor()
    expect(await p.getByTestId('experiments-table').count()).toBe(0)
    await p.getByRole('combobox', { name: 'Dataset' }).first().click()
    await p.getByRole('option', { name: /^sales\b(?!_)/ }).click()
    await p.getByTestId('experiments-table').getByText('brand-test').waitFor()
  })

  it('runs the study from Overview; the report speaks of the retail data only', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Overview' }).click()
    await chooseDataset(p, 'sales')
    await shotAndCheck(p, '49-analyst-overview.png')
    await p.getByRole('button', { name: 'Run the study' }).click()
    const frame = p.getByTestId('report-frame')
    await frame.waitFor({ timeout: 240_000 })
    await p
      .frameLocator('[data-testid="report-frame"]')
      .getByRole('heading', { name: 'A/B test plan' })
      .waitFor()
    await shotAndCheck(p, '50-analyst-report-dialog.png')
    const dir = (await p.getByText(/^Folder: /).textContent())?.match(/Folder: (.*?) ·/)?.[1] as string
    const html = readFileSync(join(dir, 'report.html'), 'utf8')
    const hit = html.match(new RegExp(`.{0,80}${EDTECH.source}.{0,80}`, 'i'))
    expect(hit?.[0] ?? null).toBeNull()
    expect(html).not.toMatch(/stratified by category/)
    expect(html).toMatch(/stratified by brand/)
    // The pricing part speaks of brands too, prices to the cent.
    const pricing = html.match(/<h2>Price recommendations<\/h2>.*?<\/section>/s)?.[0] ?? ''
    expect(pricing).toMatch(/Revenue change by brand/)
    expect(pricing).toMatch(/Quantity \/ period/)
    expect(pricing.replace(/<[^>]+>/g, ' ').match(CATEGORY)?.[0] ?? null).toBeNull()
    // The written report on its own, whole, for a look.
    const file = await p.context().newPage()
    await file.goto(`file://${join(dir, 'report.html')}`)
    await file.getByRole('heading', { name: 'A/B test plan' }).waitFor()
    await file.screenshot({ path: join(OUTPUT, '50b-analyst-report.png'), fullPage: true })
    expect((await file.locator('body').innerText()).match(EDTECH)).toBeNull()
    await file.close()
    await p.getByRole('button', { name: 'Close' }).click()
    await shotAndCheck(p, '51-analyst-overview-after.png')
  })
})
