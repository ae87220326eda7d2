import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { startApp, OUTPUT, type App } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

describe('retail sample in browser mode', () => {
  it('generates the retail panel from the Data page and shows it as a dataset', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Data' }).click()
    await p.getByRole('button', { name: 'Generate sample data' }).click()
    await p.getByLabel('Retail store panel').check()
    await expect.poll(() => p.getByTestId('sample-about').textContent()).toMatch(/80 stores × 7 juice brands/)
    await p.getByLabel('Scale').fill('0.1')
    await p.getByRole('button', { name: 'Generate', exact: true }).click()
    await p.getByText(/Generated in \d+ ms: dataset retail_sample, 5,824 rows/).waitFor({ timeout: 60_000 })
    await p.screenshot({ path: join(OUTPUT, '20-generate-retail.png') })
    await p.getByRole('button', { name: 'Close' }).click()
    await p.getByTestId('table-list').getByText('retail_sample').click()
    await expect.poll(() => p.getByTestId('row-count').textContent()).toMatch(/^5,824 rows/)
    await p.getByRole('cell', { name: 'S01-SUN', exact: true }).first().waitFor()
    await p.screenshot({ path: join(OUTPUT, '21-retail-rows.png') })
  })
})
