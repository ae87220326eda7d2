import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dirname, join } from 'node:path'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { startApp, OUTPUT, type App, settled } from './harness'
import { Backend } from '../../src/backend/backend'

let app: App
/** A per-item cost table of the sample's items (62% of each one's latest price), as an analyst would upload. */
let costsCsv = ''

beforeAll(async () => {
  // A project holding only the retail sample (dollar prices, store × brand items), no trained model.
  const project = join(mkdtempSync(join(tmpdir(), 'pricelab-e2e-retail-pricing-')), 'retail.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(project, { create: true })
  await b.call('data:generate', { jobId: 'g', kind: 'retail', seed: 1, scale: 0.1 })
  const table = (await b.call('data:tables', {})).find((t) => t.dataset === 'retail_sample')?.name as string
  const rows = b.project.reader
    .prepare<{ item: string; price: number }>(
      `SELECT item, price FROM "${table}" GROUP BY item HAVING week = max(week)`
    )
    .all()
  costsCsv = join(dirname(project), 'costs.csv')
  writeFileSync(
    costsCsv,
    ['item,unit_cost', ...rows.map((r) => `${r.item},${(0.62 * r.price).toFixed(2)}`)].join('\n')
  )
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
    await settled(p)
    await p.getByRole('button', { name: 'Optimize prices' }).scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing-retail.png'), fullPage: false })
    await p.getByTestId('price-table').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '10-pricing-retail-table.png') })
  })

  // Issue 25: the data's own price grid said in words, and a per-item cost table uploaded on the page.
  it('says the price grid and prices for margin with an uploaded cost table', async () => {
    const p = app.page
    expect(await p.getByTestId('pricing-grid').textContent()).toContain(
      "New prices sit on cents, the data's own price grid"
    )
    await p.getByTestId('cost-table-file').setInputFiles(costsCsv)
    await p.getByTestId('cost-table').waitFor({ timeout: 30_000 })
    expect(await p.getByTestId('cost-table').textContent()).toMatch(
      /^costs\.csv: \d+ item costs \(column "unit_cost"\)$/
    )
    await p.getByRole('button', { name: 'Optimize prices' }).click()
    await p.getByText(/Costs: \d+ items from the cost table costs\.csv/).waitFor({ timeout: 120_000 })
    await p.getByTestId('cost-table').scrollIntoViewIfNeeded()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '25-pricing-cost-table.png') })
  })

  // Issue 24 item 5: the optimizer's share of the true joint optimum beside what simple rules reach,
  // and the cross-price matrix of the brands within each store, in the retail sample's words.
  it('shows the optimizer against simple rules and a switch that leaves cross effects out', async () => {
    const p = app.page
    await p.setViewportSize({ width: 1440, height: 900 })
    const card = p.getByTestId('rules-card')
    await card.waitFor({ timeout: 30_000 })
    const rows = await p.getByTestId('rules-table').locator('tbody tr').allTextContents()
    expect(rows[0]).toMatch(/^Optimizer \(this sheet\)\d+\.\d\d%/)
    const text = rows.join('\n')
    for (const rule of [
      "Today's prices",
      'Every price at its floor',
      'Every price at its ceiling',
      'Strategy: blend'
    ])
      expect(text).toContain(rule)
    expect(await p.getByTestId('rules-lead').textContent()).toMatch(/true joint optimum/)
    await card.scrollIntoViewIfNeeded()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '24-pricing-rules.png') })
    // The switch is a setting like the others: turning it on marks the shown results stale.
    const results = p.locator('[data-stale-results]').first()
    expect(await results.getAttribute('data-stale-results')).toBe('fresh')
    const ignoreCross = p.getByRole('switch', { name: 'Ignore cross effects' })
    await ignoreCross.scrollIntoViewIfNeeded()
    await ignoreCross.check({ timeout: 5000 })
    await expect.poll(() => results.getAttribute('data-stale-results')).toBe('settings')
    expect(await p.getByTestId('stale-notice').textContent()).toMatch(/computed with other settings/)
    await ignoreCross.uncheck({ timeout: 5000 })
    await expect.poll(() => results.getAttribute('data-stale-results')).toBe('fresh')
  })

  it('shows the cannibalization heatmap of brands within each store on the Elasticity page', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Elasticity' }).click()
    const card = p.getByTestId('cross-card')
    await card.waitFor({ timeout: 30_000 })
    const title = (await card.textContent()) ?? ''
    expect(title).toContain('Cannibalization: brand against brand, within each store')
    expect(title).toMatch(/pairs with evidence \(\d+ substitutes/)
    expect(title).not.toMatch(/category|enrollments|tokens/i)
    await p.getByTestId('cross-heatmap').locator('canvas').first().waitFor()
    const head = await p.getByTestId('cross-table').locator('thead').textContent()
    expect(head).toContain('Quantity of brand')
    expect(head).toContain('Price of brand')
    const first = (await p.getByTestId('cross-table').locator('tbody tr').first().textContent()) ?? ''
    expect(first).toMatch(/-?\d\.\d\d\u00a0\[-?\d\.\d\d,\u00a0-?\d\.\d\d\](substitutes|complements)[\d,]+$/)
    await card.scrollIntoViewIfNeeded()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '24-elasticity-cross.png') })
  })
})
