import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { startApp, OUTPUT, type App, settled } from './harness'
import { customersToCsv, generateCustomers } from '../../src/core/propensity/customers/generate'

let app: App
const ROOT = join(__dirname, '../..')

beforeAll(async () => {
  // A project holding only the analyst's customer table (no sample data), imported with the CLI.
  const dir = mkdtempSync(join(tmpdir(), 'pricelab-e2e-customers-'))
  const csv = join(dir, 'customers.csv')
  writeFileSync(csv, customersToCsv(generateCustomers(4000, 5)))
  const project = join(dir, 'customers.pricelab')
  execFileSync(
    process.execPath,
    [join(ROOT, 'out/main/cli.js'), 'import', '--db', project, '--dataset', 'telco', csv],
    {
      env: { ...process.env, PRICELAB_HOME: join(dir, 'home') }
    }
  )
  app = await startApp({ project })
}, 120_000)
afterAll(async () => {
  await app?.close()
})

describe('Propensity page on a customer table', () => {
  it('picks the dataset and label, trains, shows models, charts, features and one customer’s reasons', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Propensity' }).click()
    // No sample learners in this project: the page opens on the customer tables, with no switch to learners.
    await p.getByLabel('Label column').waitFor()
    expect(await p.getByRole('button', { name: 'Sample learners' }).count()).toBe(0)
    await p.getByLabel('Label column').click()
    await p.getByRole('option', { name: 'churn', exact: true }).click()
    await p.getByLabel('Customer id (optional)').click()
    await p.getByRole('option', { name: 'customer_id', exact: true }).click()
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('customer-propensity-table').waitFor({ timeout: 120_000 })
    const table = await p.getByTestId('customer-propensity-table').textContent()
    for (const m of ['Logistic regression', 'Random forest', 'Gradient boosting']) expect(table).toContain(m)
    expect(table).toContain('best')
    expect(await p.getByText(/ECE 0\.\d{3} → 0\.0[0-3]\d/).count()).toBe(1)
    expect(await p.getByText('country: dropped, constant ("US" in every row)').count()).toBe(1)
    // Segment profiles: bands in the analyst's columns (Hot customers mostly month-to-month).
    expect(await p.getByTestId('customer-profiles').textContent()).toMatch(
      /contractMonth-to-month \(\d+\.\d\d%\)/
    )
    await p.getByTestId('customer-propensity-table').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '07b-propensity-customers.png') })
    await p.getByLabel('customer_id').fill('C0000007')
    await p.getByRole('button', { name: 'Why this score?' }).click()
    expect(await p.getByTestId('customer-why').textContent()).toMatch(
      /churn_score0\.\d+.*reason_1\w+=.+\([+-]0\.\d{3}\)/
    )
    await settled(p)
    await p.getByTestId('customer-why').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '07c-propensity-customer-why.png') })
  }, 180_000)
})
