import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync, readFileSync } from 'node:fs'
import { startApp, OUTPUT, type App, settled } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

describe('Data page in browser mode', () => {
  it('starts with the sample project ready to explore', async () => {
    const p = app.page
    // The Overview comes first: the KPIs say what has not been trained yet.
    await expect.poll(() => p.getByTestId('kpi-elasticity').textContent()).toMatch(/not trained/)
    await p.getByRole('navigation').getByRole('button', { name: 'Data' }).click()
    await expect.poll(() => p.getByTestId('project-name').textContent()).toBe('Sample')
    await p.getByTestId('table-list').getByText('enrollments').waitFor()
    // It opens on the app bar's dataset (the sample's weekly course prices), then on the table clicked.
    await expect.poll(() => p.getByTestId('current-table').textContent()).toBe('course_price_history')
    await p.getByTestId('table-list').getByText('learners').click()
    // Drag and drop takes a workbook as the Import button does (it said "Drop a CSV file").
    await p.getByText('Drop a CSV or Excel file anywhere on this page to import it.').waitFor()
    await expect.poll(() => p.getByTestId('row-count').textContent()).toMatch(/10,000 rows/)
    await p.screenshot({ path: join(OUTPUT, '01-data-sample.png') })
  })

  it('regenerates sample data with a new seed, with progress', async () => {
    const p = app.page
    await p.getByRole('button', { name: 'Generate sample data' }).click()
    await p.getByLabel('Seed').fill('7')
    await p.getByLabel('Scale').fill('0.2')
    await p.getByRole('button', { name: 'Generate', exact: true }).click()
    await p.getByText(/Generated in \d+ ms/).waitFor({ timeout: 60_000 })
    await p.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => p.getByTestId('row-count').textContent()).toMatch(/2,000 rows/)
  })

  it('imports a small CSV through the dialog and shows its rows and a histogram', async () => {
    const p = app.page
    const csv = join(app.home, 'shop-sales.csv')
    const lines = ['sku;region;week;price;units']
    for (let i = 0; i < 120; i++)
      lines.push(
        `SKU-${i % 12};${['North', 'South', 'East'][i % 3]};2025-0${1 + (i % 9)}-0${1 + (i % 7)};${(9.5 + (i % 10)).toFixed(2).replace('.', ',')};${10 + (i % 17)}`
      )
    writeFileSync(csv, lines.join('\r\n') + '\r\n')
    await p.getByTestId('file-input').setInputFiles(csv)
    await p.getByText('Delimiter: ;').waitFor()
    await p.getByText('Decimal: ,').waitFor()
    await p.screenshot({ path: join(OUTPUT, '02-import-preview.png') })
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor()
    expect(await p.getByTestId('import-success').textContent()).toMatch(
      /Imported 120 rows into the dataset "shop-sales"/
    )
    await p.getByRole('button', { name: 'Done' }).click()
    await p.getByTestId('table-list').getByText('shop-sales').click()
    await expect.poll(() => p.getByTestId('row-count').textContent()).toMatch(/^120 rows/)
    await p.getByRole('cell', { name: 'SKU-0', exact: true }).first().waitFor()
    // Filter in SQL from the header.
    await p.getByLabel('Filter region').fill('North')
    await expect.poll(() => p.getByTestId('row-count').textContent()).toMatch(/^40 rows match/)
    await p.getByRole('tab', { name: 'Column summaries' }).click()
    await p.getByTestId('summary-price').getByTestId('echart').waitFor()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '03-import-summaries.png'), fullPage: true })
    await p.getByRole('tab', { name: 'Rows' }).click()
  })

  it('shows the line-numbered errors of a failing CSV and imports nothing', async () => {
    const p = app.page
    const csv = join(app.home, 'broken.csv')
    const rows = Array.from({ length: 60 }, (_, i) => `S${i},${(10 + i / 4).toFixed(2)},${i % 7}`)
    rows.splice(1, 0, 'B,ten,4')
    rows.splice(3, 0, 'C,12,5,extra')
    writeFileSync(csv, ['sku,price,units', ...rows].join('\n') + '\n')
    await p.getByTestId('file-input').setInputFiles(csv)
    await p.getByText('Delimiter: ,').waitFor()
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    const errors = p.getByTestId('import-errors')
    await errors.waitFor()
    await p.screenshot({ path: join(OUTPUT, '04-import-errors.png') })
    const text = await errors.textContent()
    expect(text).toMatch(/Nothing was imported/)
    expect(text).toContain('32 (price)expected a number, like 12.5, found "ten"')
    expect(text).toContain('54expected 3 fields, found 4')
    await p.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => p.getByTestId('table-list').textContent()).not.toMatch(/broken/)
  })

  it('exports the selected table as an Excel-safe CSV', async () => {
    const p = app.page
    await p.getByTestId('table-list').getByText('courses').click()
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export CSV' }).click()
    ])
    const path = join(app.home, 'courses-export.csv')
    await download.saveAs(path)
    const text = readFileSync(path, 'utf8')
    expect(text.startsWith('\uFEFFcourse_id,title,category')).toBe(true)
    expect(text.trim().split('\r\n')).toHaveLength(401)
  })
})
