import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { startApp, OUTPUT, type App, settled } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

describe('Elasticity page in browser mode', () => {
  it('trains the six models on the sample data and shows the comparison and the per-segment chart', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await p.getByRole('navigation').getByRole('button', { name: 'Elasticity' }).click()
    await p.getByText('No model trained yet').waitFor()
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('job-progress').waitFor()
    await p.getByTestId('comparison-table').waitFor({ timeout: 150_000 })
    const rows = p.getByTestId('comparison-table').locator('tbody tr')
    expect(await rows.count()).toBe(6)
    const table = await p.getByTestId('comparison-table').textContent()
    for (const label of [
      'Log-log OLS',
      'GAM (P-spline)',
      'Polynomial (2)',
      'Polynomial (3)',
      'Random forest',
      'Gradient boosting'
    ])
      expect(table).toContain(label)
    expect(table).toContain('best')
    await p.getByTestId('segment-chart').getByTestId('echart').waitFor()
    const seg = await p.getByTestId('segment-table').textContent()
    expect(seg).toContain('Programming')
    expect(seg).toContain('-0.60') // the true elasticity is shown beside the estimates
    // Intervals are held on one line (no-break spaces), not split by a narrow column.
    expect(seg).toMatch(/-?\d\.\d\d\u00a0\[-?\d\.\d\d,\u00a0-?\d\.\d\d\]/)
    // The headline is the recommended elasticity, with where it comes from and why.
    const rec = await p.getByTestId('recommended-table').textContent()
    expect(rec).toContain('Debiased (DML)')
    expect(rec).toMatch(/debiased \(DML\): the price effect/)
    expect(await p.getByTestId('recommended-headline').textContent()).toMatch(/^-\d\.\d\d$/)
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '05-elasticity.png') })
    // Issue 24: the EdTech sample has no group column, so no cannibalization matrix: one line says why and how.
    expect(await p.getByTestId('cross-card').count()).toBe(0)
    const none = p.getByTestId('cross-none')
    expect(await none.textContent()).toMatch(
      /no column was found that splits the items as category × group.*--cross-group COL/
    )
    await none.scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '24-elasticity-edtech-no-cross.png') })
  })

  it('shows the demand and revenue curve and exports the per-segment table', async () => {
    const p = app.page
    await p.getByRole('tab', { name: 'Demand & revenue' }).click()
    await p.getByRole('img', { name: 'Demand and revenue at the recommended elasticity' }).waitFor()
    // The curve is the recommended elasticity's (the one pricing uses), never a model's own by default.
    expect(await p.getByTestId('curve-caption').textContent()).toMatch(
      /Drawn with the recommended elasticity -\d\.\d\d \[90%: -\d\.\d\d, -\d\.\d\d\] from .*, the figure pricing uses/
    )
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '06-elasticity-curve.png') })
    await p.getByRole('switch', { name: /own curve/ }).click()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '06b-elasticity-curve-model.png') })
    await p.getByRole('tab', { name: 'Elasticity by segment' }).click()
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export CSV' }).nth(1).click()
    ])
    const path = join(app.home, 'segments.csv')
    await download.saveAs(path)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      '\uFEFFsegment,rows,elasticity,ci_low,ci_high,debiased,debiased_ci_low,debiased_ci_high,true,warning,recommended,recommended_ci_low,recommended_ci_high,recommended_from,recommended_reason'
    )
    expect(lines).toHaveLength(11)
  })
})
