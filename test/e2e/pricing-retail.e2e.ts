import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { startApp, OUTPUT, type App } from './harness'
import { Backend } from '../../src/backend/backend'

let app: App

beforeAll(async () => {
  // A project holding only the retail sample (dollar prices, store × brand items), no trained model.
  const project = join(mkdtempSync(join(tmpdir(), 'pricelab-e2e-retail-pricing-')), 'retail.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(project, { create: true })
  await b.call('data:generate', { jobId: 'g', kind: 'retail', seed: 1, scale: 0.1 })
  b.close()
  app = await startApp({ project })
}, 180_000)
afterAll(async () => {
  await app?.close()
})

describe('Pricing page on dollar prices', () => {
  it('trains and optimizes in one step, in currency to the cent, with neutral labels', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    const go = p.getByRole('button', { name: 'Train models and optimize' })
    await go.waitFor({ timeout: 30_000 })
    await go.click()
    await p.getByTestId('kpi-uplift').waitFor({ timeout: 120_000 })
    const page = (await p.locator('main').textContent()) ?? ''
    expect(page).toContain('currency with 2 decimals')
    expect(page).toMatch(/Quantity per period/)
    expect(page).not.toMatch(/tokens|enrollments|\btk\b/i)
    expect(await p.getByTestId('pricing-demand').textContent()).toMatch(/causal/)
    expect(await p.getByTestId('rounding').inputValue()).toBe('auto')
    // Every recommended price has at most two decimals.
    const cells = await p
      .getByTestId('price-table')
      .locator('tbody tr td[data-col="recommended_price"]')
      .allTextContents()
    for (const c of cells)
      for (const x of c.match(/\d+(\.\d+)?/g) ?? [])
        expect(x.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(2)
    await p.getByTestId('kpi-truth').waitFor()
    await p.waitForTimeout(400)
    await p.getByRole('button', { name: 'Optimize prices' }).scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing-retail.png'), fullPage: false })
    await p.getByTestId('price-table').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing-retail-table.png') })
  })
})
