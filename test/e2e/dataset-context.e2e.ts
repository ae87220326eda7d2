import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { chooseDataset, startApp, OUTPUT, type App, settled } from './harness'
import { EDTECH, RETAIL, twoSampleProject } from './two-samples'

let app: App
const EDTECH_WORDS = /tokens|enrollments|learners|courses/i

beforeAll(async () => {
  // Both samples, a quick run on each (OLS on the EdTech sample, Polynomial (2) on the retail panel, so the
  // best-model card tells them apart), then a price sheet of the EdTech sample: the project's latest
  // elasticity run is the retail one, its latest pricing run the EdTech one (what mixed the cards before).
  const { project, backend: b } = await twoSampleProject('datasets')
  const ed = await b.call('elasticity:train', { jobId: 't1', dataset: EDTECH, models: ['ols'] })
  // A scenario saved with no dataset (as before datasets were recorded): the EdTech sample's.
  await b.call('pricing:saveScenario', {
    scenario: {
      name: 'Programming +10%',
      kind: 'changes',
      changes: [{ scope: 'category', key: 'Programming', change_pct: 10 }],
      model: null,
      market_growth_pct: 0,
      competitor_move_pct: 0,
      cross_elasticity: 0.3,
      notes: ''
    }
  })
  await b.call('elasticity:train', { jobId: 't2', dataset: RETAIL, models: ['poly2'] })
  await b.call('pricing:optimize', { runId: ed.run_id ?? undefined })
  b.close()
  app = await startApp({ project })
}, 300_000)
afterAll(async () => {
  await app?.close()
})

const nav = (name: string) => app.page.getByRole('navigation').getByRole('button', { name })

const choose = (id: string) => chooseDataset(app.page, id)

describe('the dataset is the context of every page (issue 16, item 1)', () => {
  it('Overview cards show the chosen dataset only', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await choose(EDTECH)
    await expect.poll(() => p.getByTestId('kpi-elasticity').textContent()).toContain('Log-log OLS')
    await expect.poll(() => p.getByTestId('kpi-uplift').textContent()).toMatch(/[+-]\d+\.\d\d%/)
    await p.screenshot({ path: join(OUTPUT, '40-dataset-overview-edtech.png') })

    await choose(RETAIL)
    // The retail panel's own best model; the EdTech price sheet's uplift is not the retail panel's.
    await expect.poll(() => p.getByTestId('kpi-elasticity').textContent()).toContain('Polynomial (2)')
    await expect.poll(() => p.getByTestId('kpi-uplift').textContent()).toContain('not optimized')
    expect(await p.getByTestId('kpi-elasticity').textContent()).not.toContain('Log-log OLS')
    expect((await p.locator('main').textContent()) ?? '').not.toMatch(EDTECH_WORDS)
    await p.screenshot({ path: join(OUTPUT, '41-dataset-overview-retail.png') })
  })

  it("the Elasticity page follows the switch: the chosen dataset's run, no EdTech word on retail", async () => {
    const p = app.page
    await nav('Elasticity').click()
    await p.getByTestId('comparison-table').waitFor()
    const retail = (await p.getByTestId('comparison-table').textContent()) ?? ''
    expect(retail).toContain('Polynomial (2)')
    expect(retail).not.toContain('Log-log OLS')
    expect(await p.getByTestId('segment-table').textContent()).not.toContain('Programming')
    await settled(p)
    expect((await p.locator('main').textContent()) ?? '').not.toMatch(EDTECH_WORDS)
    await p.screenshot({ path: join(OUTPUT, '42-dataset-elasticity-retail.png') })

    // Switching in the app bar replaces the run on screen (it used to stay on the previous dataset's).
    await choose(EDTECH)
    await expect.poll(() => p.getByTestId('comparison-table').textContent()).toContain('Log-log OLS')
    expect(await p.getByTestId('comparison-table').textContent()).not.toContain('Polynomial (2)')
    await expect.poll(() => p.getByTestId('segment-table').textContent()).toContain('Programming')
    await p.screenshot({ path: join(OUTPUT, '43-dataset-elasticity-edtech.png') })
  })

  it('the choice is kept across a reload, and the Pricing page prices it', async () => {
    const p = app.page
    await choose(RETAIL)
    await p.reload()
    await p.getByTestId('comparison-table').waitFor()
    expect(await p.getByTestId('dataset-switcher').inputValue()).toBe(RETAIL)
    expect(await p.getByTestId('comparison-table').textContent()).toContain('Polynomial (2)')
    await nav('Pricing').click()
    await expect.poll(() => p.getByTestId('dataset-switcher').inputValue()).toBe(RETAIL)
    // The EdTech price sheet (the project's latest) is not shown for the retail panel.
    await p.getByRole('button', { name: 'Optimize prices' }).waitFor()
    expect(await p.getByTestId('kpi-uplift').count()).toBe(0)
    // The EdTech sample's scenario is not offered for the retail panel; a scenario saved here is the panel's.
    await p.getByText('None yet: edit one on the right and save it.').waitFor()
    expect((await p.locator('main').textContent()) ?? '').not.toContain('Programming +10%')
    await p.getByLabel('Scenario name').fill('Retail +5%')
    await p.getByRole('button', { name: 'Save scenario' }).click()
    // Saving forecasts the scenario first (seconds on a loaded machine): waited on as the list's state.
    await expect
      .poll(() => p.getByTestId('scenario-list').textContent(), { timeout: 30_000 })
      .toContain('Retail +5%')
    await p.screenshot({ path: join(OUTPUT, '44-dataset-pricing-retail.png') })
    await choose(EDTECH)
    await expect.poll(() => p.getByTestId('scenario-list').textContent()).toContain('Programming +10%')
    expect(await p.getByTestId('scenario-list').textContent()).not.toContain('Retail +5%')
  })
})
