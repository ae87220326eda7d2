import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { openSqlite } from '../../src/backend/sqlite'
import { migrate } from '../../src/core/db/migrate'
import { startApp, OUTPUT, type App } from './harness'

let app: App

beforeAll(async () => {
  // An empty project, as "New project" makes it.
  const path = join(mkdtempSync(join(tmpdir(), 'pricelab-empty-')), 'empty.pricelab')
  const db = openSqlite(path)
  migrate(db)
  db.close()
  app = await startApp({ project: path })
})
afterAll(async () => {
  await app?.close()
})

const nav = (name: string) => app.page.getByRole('navigation').getByRole('button', { name })

describe('first run: an empty project (issue 16)', () => {
  it('offers a sample or an import; the study and training are disabled with the reason', async () => {
    const p = app.page
    await p.getByTestId('first-run').waitFor()
    expect(await p.getByRole('button', { name: 'Run the study' }).isDisabled()).toBe(true)
    expect(await p.getByTestId('study-disabled-reason').textContent()).toMatch(/load a sample or import/)
    await p.screenshot({ path: join(OUTPUT, '50-first-run-overview.png') })
    await nav('Elasticity').click()
    await p.getByRole('button', { name: 'Train models' }).waitFor()
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(true)
    expect(await p.getByTestId('train-disabled-reason').textContent()).toMatch(/No data to model yet/)
    // Pricing with no data points to where data comes from (it said "Go to Elasticity", where training is disabled).
    await nav('Pricing').click()
    await p.getByText('No data to price yet').waitFor()
    expect(await p.getByRole('button', { name: 'Go to Elasticity' }).count()).toBe(0)
    await p.getByRole('button', { name: 'Go to Data' }).click()
    await p.getByTestId('first-run').waitFor()
    expect(await p.getByRole('heading', { name: 'Data', exact: true }).count()).toBe(1)
    await p.emulateMedia({ colorScheme: 'dark' })
    await p.screenshot({ path: join(OUTPUT, '51-first-run-data-dark.png') })
    await p.emulateMedia({ colorScheme: 'light' })
  })

  it('"Load the retail sample" fills the project and enables the study', async () => {
    const p = app.page
    await nav('Overview').click()
    await p.getByRole('button', { name: 'Load the retail sample' }).click()
    await p.getByTestId('first-run').waitFor({ state: 'detached', timeout: 60_000 })
    await expect.poll(() => p.getByRole('button', { name: 'Run the study' }).isDisabled()).toBe(false)
    expect(await p.getByTestId('study-disabled-reason').count()).toBe(0)
  })
})
