import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { startApp, OUTPUT, type App } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

describe('import dialog: ambiguous dates (issue 17, item 10)', () => {
  it('asks for the date format when DD/MM and MM/DD both fit, and imports only after the choice', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Data' }).click()
    await p.getByTestId('table-list').getByText('enrollments').waitFor()
    const csv = join(app.home, 'eu-sales.csv')
    const lines = ['sku,week,price,units']
    for (let i = 0; i < 30; i++)
      lines.push(`S${i % 5},0${1 + (i % 9)}/0${1 + (i % 7)}/2025,${10 + (i % 4)},${3 + (i % 6)}`)
    writeFileSync(csv, lines.join('\n') + '\n')
    await p.getByTestId('file-input').setInputFiles(csv)
    await p.getByText(/Ambiguous: DD\/MM\/YYYY or MM\/DD\/YYYY/).waitFor()
    const importButton = p.getByRole('button', { name: 'Import', exact: true })
    expect(await importButton.isDisabled()).toBe(true)
    await p.screenshot({ path: join(OUTPUT, '20-import-ambiguous-dates.png') })
    await p.getByLabel('date format').click()
    await p.getByRole('option', { name: 'DD/MM/YYYY' }).click()
    expect(await importButton.isDisabled()).toBe(false)
    await importButton.click()
    await p.getByTestId('import-success').waitFor()
    expect(await p.getByTestId('import-success').textContent()).toMatch(/Imported 30 rows/)
  })
})
