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

describe('Propensity page in browser mode', () => {
  it('trains enrollment and churn on the sample data, shows ROC, segments and actions, and exports scored learners', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await p.getByRole('navigation').getByRole('button', { name: 'Propensity' }).click()
    await p.getByText('No propensity model trained yet').waitFor()
    await p.getByLabel('Upsell (a dearer course in 60 days)').uncheck()
    await p.getByLabel('Completion (of an enrollment)').uncheck()
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('propensity-table').waitFor({ timeout: 120_000 })
    const table = await p.getByTestId('propensity-table').textContent()
    for (const m of ['Logistic regression', 'Random forest', 'Gradient boosting', 'Rule-based score'])
      expect(table).toContain(m)
    expect(table).toContain('best')
    await p.getByTestId('chart-roc').getByTestId('echart').waitFor()
    await p.getByTestId('chart-segments').getByTestId('echart').waitFor()
    await p.getByRole('button', { name: 'Find the threshold that pays' }).click()
    expect(await p.getByTestId('threshold-result').textContent()).toMatch(
      /Offer to scores ≥ 0\.\d\d: [\d,]+ of [\d,]+ test learners, expected net -?[\d,]+ tokens/
    )
    await p.getByRole('button', { name: 'Price the offers' }).click()
    const offers = await p.getByTestId('offers').textContent()
    expect(offers).toMatch(/Hot.*Warm.*Cold.*Dormant/)
    await p.getByTestId('risk-matrix').waitFor()
    await p.getByTestId('segment-actions').waitFor()
    expect(await p.getByTestId('segment-actions').textContent()).toMatch(/Hot.*Warm.*Cold.*Dormant/)
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '07-propensity.png') })
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Export scored learners' }).click()
    ])
    const path = join(app.home, 'scores.csv')
    await download.saveAs(path)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      '\uFEFFlearner_id,churn_score,churn_segment,enrollment_score,enrollment_segment,price_sensitivity_score,price_sensitivity_segment'
    )
    expect(lines).toHaveLength(10_001)
    await p.getByLabel('Learner id').fill('42')
    await p.getByRole('button', { name: 'Show scores' }).click()
    expect(await p.getByTestId('learner-scores').textContent()).toMatch(
      /churn: 0\.\d\d · (Hot|Warm|Cold|Dormant)/
    )
    // Why: the features behind each score.
    expect(await p.getByTestId('learner-why').textContent()).toMatch(
      /enrollment0\.\d{3}\w+ = [-\d.,]+: [+-]0\.\d{3}/
    )
    await p.getByTestId('learner-why').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '08-propensity-learner.png') })
    // Editable bands: lower thresholds make more learners Hot, without retraining.
    const hot = async () =>
      Number(
        (
          await p
            .getByTestId('segment-actions')
            .locator('tbody tr')
            .first()
            .locator('td')
            .nth(1)
            .textContent()
        )?.replace(/,/g, '')
      )
    const before = await hot()
    await p.getByTestId('band-hot').fill('0.6')
    await p.getByTestId('band-warm').fill('0.4')
    await p.getByTestId('band-cold').fill('0.2')
    await p.getByRole('button', { name: 'Apply thresholds' }).click()
    await expect.poll(hot).toBeGreaterThan(before)
    await expect.poll(() => p.getByTestId('chart-segments').textContent()).toMatch(/Hot ≥ 0\.6/)
  })
})
