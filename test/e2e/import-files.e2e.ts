import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { utils, write } from '@e965/xlsx'
import { startApp, OUTPUT, type App, settled } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

/** A weekly store × brand panel like the retail sample, as an analyst's workbook (a notes sheet first). */
function retailWorkbook(): Uint8Array {
  const rows: unknown[][] = [['store', 'brand', 'item', 'week', 'price', 'quantity', 'feature', 'display']]
  for (let s = 1; s <= 4; s++)
    for (const b of ['Sunvale', 'Orchard'])
      for (let w = 0; w < 20; w++)
        rows.push([
          `S0${s}`,
          b,
          `S0${s}-${b.slice(0, 3).toUpperCase()}`,
          new Date(Date.UTC(2024, 0, 1 + 7 * w)),
          +(3.49 - (w % 5 === 0 ? 0.5 : 0)).toFixed(2),
          100 + ((s * 7 + w * 13) % 40),
          w % 5 === 0 ? 1 : 0,
          0
        ])
  const wb = utils.book_new()
  utils.book_append_sheet(wb, utils.aoa_to_sheet([['Exported from the till system']]), 'Notes')
  utils.book_append_sheet(wb, utils.aoa_to_sheet(rows), 'Weekly sales')
  return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer)
}

describe('import as analysts have files (issue 16)', () => {
  it('an .xlsx renamed .csv is read as a workbook: sheet, roles explained, missing roles said', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Data' }).click()
    const file = join(app.home, 'retail panel.csv')
    writeFileSync(file, retailWorkbook())
    await p.getByTestId('file-input').setInputFiles(file)
    await expect.poll(() => p.getByTestId('import-format').textContent()).toBe('Excel workbook')
    await expect.poll(() => p.getByTestId('import-sheet').inputValue()).toBe('Weekly sales')
    await expect.poll(() => p.getByTestId('role-week').inputValue()).toBe('period')
    expect(await p.getByTestId('role-item').inputValue()).toBe('item')
    expect(await p.getByTestId('role-brand').inputValue()).toBe('segment')
    expect(await p.getByTestId('role-quantity').inputValue()).toBe('quantity')
    const missing = await p.getByTestId('import-missing-roles').textContent()
    expect(missing).toMatch(/No cost: pricing maximises revenue only/)
    expect(missing).not.toMatch(/No period/)
    // The role menu explains each role.
    await p.getByTestId('role-week').locator('..').click()
    await p.getByRole('option', { name: /Period.*time holdout/ }).waitFor()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '30-import-xlsx-roles.png') })
    await p.keyboard.press('Escape')
    // Without a period: the dialog says what that disables.
    await p.getByTestId('role-week').locator('..').click()
    await p.getByRole('option', { name: /not used by the models/ }).click()
    await expect
      .poll(() => p.getByTestId('import-missing-roles').textContent())
      .toMatch(/No period: no time holdout.*today’s price is the last row/)
    await p.getByTestId('role-week').locator('..').click()
    await p.getByRole('option', { name: /^Period/ }).click()
    await p.getByTestId('dataset-name').fill('retail_panel')
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor()
    expect(await p.getByTestId('import-success').textContent()).toMatch(
      /Imported 160 rows into the dataset "retail_panel"/
    )
    await p.getByRole('button', { name: 'Done' }).click()
  })

  it('a taken dataset name is a form error with Replace, not a problem at line 1, column 1', async () => {
    const p = app.page
    const file = join(app.home, 'retail_panel.xlsx')
    writeFileSync(file, retailWorkbook())
    await p.getByTestId('file-input').setInputFiles(file)
    await p.getByTestId('import-format').waitFor()
    await p.getByTestId('dataset-name').fill('retail_panel')
    await p.getByText('A dataset named "retail_panel" already exists.').waitFor()
    expect(await p.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true)
    expect(await p.getByTestId('import-errors').count()).toBe(0)
    await p.screenshot({ path: join(OUTPUT, '31-import-name-taken.png') })
    await p.getByLabel('Replace the existing dataset').check()
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor()
    await p.getByRole('button', { name: 'Done' }).click()
  })

  it('a Latin-1 CSV is detected and transcoded in the preview (dark theme)', async () => {
    const p = app.page
    await p.emulateMedia({ colorScheme: 'dark' })
    const file = join(app.home, 'ventes.csv')
    const text = 'article;catégorie;prix;unités\r\nCafé crème;Boissons;2,5;10\r\nCrêpe;Desserts;3,2;7\r\n'
    writeFileSync(file, Buffer.from(text, 'latin1'))
    await p.getByTestId('file-input').setInputFiles(file)
    await expect.poll(() => p.getByTestId('import-encoding').inputValue()).toBe('windows-1252')
    await p.getByText('detected: not UTF-8').waitFor()
    await p
      .getByText(/Café crème/)
      .first()
      .waitFor()
    expect(await p.getByTestId('role-prix').inputValue()).toBe('none')
    await p.screenshot({ path: join(OUTPUT, '32-import-latin1-dark.png') })
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor()
    await p.getByRole('button', { name: 'Done' }).click()
    await p.getByTestId('table-list').getByText('ventes').click()
    await p.getByRole('cell', { name: 'Café crème', exact: true }).waitFor()
    // The filter syntax is explained under the table.
    expect(await p.getByTestId('filter-help').textContent()).toMatch(/>10.*empty/)
    await p.emulateMedia({ colorScheme: 'light' })
  })

  it('a panel longer than the preview: missing prices are counted over the whole file (issue 28)', async () => {
    const p = app.page
    // 6,000 weekly rows: 8 empty prices in the first 5,000 the preview reads, 3 more after them.
    const gaps = new Set([10, 200, 900, 1500, 2500, 3300, 4100, 4999, 5200, 5600, 5999])
    const lines = ['week,store,brand,price,units']
    for (let r = 0; r < 6000; r++)
      lines.push(
        `2024-${String(1 + (r % 12)).padStart(2, '0')}-01,S${r % 83},${['Tropicana', 'Minute Maid', 'Dominicks'][r % 3]},${gaps.has(r) ? '' : (2.49 + (r % 5) * 0.1).toFixed(2)},${10 + (r % 7)}`
      )
    const file = join(app.home, 'oj_panel.csv')
    writeFileSync(file, `${lines.join('\n')}\n`)
    await p.getByTestId('file-input').setInputFiles(file)
    await p.getByText('Missing (all 6,000 rows)').waitFor()
    expect(await p.getByTestId('missing-price').textContent()).toBe('11')
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '33-import-missing-whole-file.png') })
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor()
    const done = await p.getByTestId('import-success').textContent()
    expect(done).toMatch(/Imported 6,000 rows into the dataset "oj_panel"/)
    expect(done).not.toContain('ds_oj_panel')
    await p.getByRole('button', { name: 'Done' }).click()
  })
})
