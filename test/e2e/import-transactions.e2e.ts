import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { startApp, OUTPUT, type App } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
  await app.page.setViewportSize({ width: 1440, height: 900 })
})
afterAll(async () => {
  await app?.close()
})

const STORES = ['S01', 'S02']
const SKUS = [
  ['SKU-101', 'Sunvale'],
  ['SKU-102', 'Sunvale'],
  ['SKU-201', 'Orchard']
]
const WEEKS = 6

/**
 * A till export: 3 sale lines per store × SKU × week (Mon 2025-01-06 onwards), then the given
 * return lines. 2 stores × 3 SKUs × 6 weeks = 36 item × week cells.
 */
function salesLog(returns: string[]): string {
  const lines = ['sold_at,store,sku,brand,units,unit_price,on_promo,unit_cost']
  for (const store of STORES)
    for (const [sku, brand] of SKUS)
      for (let w = 0; w < WEEKS; w++)
        for (let k = 0; k < 3; k++) {
          const day = new Date(Date.UTC(2025, 0, 6 + 7 * w + k * 2))
          const promo = w % 3 === 0 && k === 0
          lines.push(
            `${day.toISOString().slice(0, 10)} 1${k}:15:00,${store},${sku},${brand},${1 + ((w + k) % 3)},${promo ? '2.79' : '3.49'},${promo ? 1 : 0},1.80`
          )
        }
  return [...lines, ...returns].join('\n') + '\n'
}

async function openAsLog(file: string): Promise<void> {
  const p = app.page
  await p.getByTestId('file-input').setInputFiles(file)
  await p.getByTestId('import-format').waitFor()
  await p.getByTestId('import-kind-log').click()
  await p.getByTestId('log-choices').waitFor()
}

describe('sales lines through the Import dialog (issue 27)', () => {
  it('a till log with a return is previewed as its item × week panel and imported as a dataset', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Data' }).click()
    const file = join(app.home, 'till_export.csv')
    // Line 110: a return of 1 unit of S01 SKU-101 in the week of 2025-01-06 (which sold 1 + 2 + 3): netted.
    writeFileSync(file, salesLog(['2025-01-09 16:40:00,S01,SKU-101,Sunvale,-1,3.49,0,1.80']))
    await openAsLog(file)
    // The roles are prefilled from the column names.
    expect(await p.getByTestId('log-time').inputValue()).toBe('sold_at')
    expect(await p.getByTestId('log-price').inputValue()).toBe('unit_price')
    expect(await p.getByTestId('log-quantity').inputValue()).toBe('units')
    expect(await p.getByTestId('log-cost').inputValue()).toBe('unit_cost')
    expect(await p.getByTestId('log-item-by').inputValue()).toBe('store,sku')
    expect(await p.getByTestId('log-features').inputValue()).toBe('on_promo')
    expect(await p.getByTestId('log-bucket').inputValue()).toBe('week')
    await p.getByTestId('log-preview').waitFor()
    expect(await p.getByTestId('log-rows').textContent()).toBe('36 panel rows')
    expect(await p.getByTestId('log-items').textContent()).toBe('6 items')
    expect(await p.getByTestId('log-periods').textContent()).toBe('6 periods')
    expect(await p.getByTestId('log-lines').textContent()).toBe('from 109 sales lines')
    // First panel row: S01-SKU-101, week of 2025-01-06, net 1 + 2 + 3 − 1 = 5 units.
    const first = await p.getByTestId('log-preview').locator('tbody tr').first().textContent()
    expect(first).toMatch(/S01-SKU-101/)
    expect(first).toMatch(/2025-01-06/)
    const cells = p.getByTestId('log-preview').locator('tbody tr').first().locator('td')
    expect(await cells.nth(5).textContent()).toBe('5')
    await p.screenshot({ path: join(OUTPUT, '60-import-sales-lines-preview.png') })
    // Monthly periods: the preview follows the choice.
    await p.getByTestId('log-bucket').locator('..').click()
    await p.getByRole('option', { name: 'Month' }).click()
    await expect.poll(() => p.getByTestId('log-periods').textContent()).toBe('2 periods')
    await p.getByTestId('log-bucket').locator('..').click()
    await p.getByRole('option', { name: 'Week' }).click()
    await expect.poll(() => p.getByTestId('log-periods').textContent()).toBe('6 periods')
    await p.getByTestId('dataset-name').fill('till_weekly')
    await p.getByRole('button', { name: 'Import', exact: true }).click()
    await p.getByTestId('import-success').waitFor()
    expect(await p.getByTestId('import-success').textContent()).toMatch(
      /Built 36 panel rows \(6 items × 6 periods\) from 109 sales lines into the dataset "till_weekly"/
    )
    await p.getByTestId('import-success').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '61-import-sales-lines-done.png') })
    await p.getByRole('button', { name: 'Done' }).click()
    // The app shows the new dataset: its 36 rows.
    await expect.poll(() => p.getByTestId('current-table').textContent()).toBe('till_weekly')
    await expect.poll(() => p.getByTestId('dataset-switcher').inputValue()).toBe('till_weekly')
    expect(await p.getByTestId('table-list').getByText('till_weekly').locator('..').textContent()).toMatch(
      /36 rows · dataset/
    )
    await p.screenshot({ path: join(OUTPUT, '62-import-sales-lines-dataset.png') })
  })

  it('a return that cannot be netted is shown at its file line, and nothing is imported', async () => {
    const p = app.page
    const file = join(app.home, 'till_bad_return.csv')
    // Line 110: SKU-999 never sold in S02, so its return cannot be netted.
    writeFileSync(file, salesLog(['2025-01-09 16:40:00,S02,SKU-999,Orchard,-2,3.49,0,1.80']))
    await openAsLog(file)
    await p.getByTestId('import-errors').waitFor()
    const text = await p.getByTestId('import-errors').textContent()
    expect(text).toMatch(/One problem in till_bad_return\.csv/)
    expect(
      await p.getByTestId('import-errors').locator('tbody tr').first().locator('td').first().textContent()
    ).toBe('110')
    expect(text).toMatch(/SKU-999/)
    const cells = p.getByTestId('import-errors').locator('tbody tr').first().locator('td')
    expect(await cells.nth(1).textContent()).toBe('5 (units)')
    expect(await p.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true)
    await p.screenshot({ path: join(OUTPUT, '63-import-sales-lines-bad-return.png') })
    await p.getByRole('button', { name: 'Cancel' }).click()
    expect(await p.getByTestId('table-list').getByText('till_bad_return').count()).toBe(0)
  })
})
