import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { chooseDataset, startApp, OUTPUT, type App, settled } from './harness'
import { EDTECH, RETAIL, twoSampleProject } from './two-samples'

let app: App
const EDTECH_WORDS = /tokens|enrollments|learners|courses|category/i
/** A number of 1,000 or more written without its thousands separator (e.g. "71393"), outside dates and ids. */
const UNGROUPED = /(?<![\d.,:\-/])\d{5,}(?![\d\-:])/

beforeAll(async () => {
  // Both samples; a quick run (Polynomial (2)) on the retail panel, so its pages have results to show.
  const { project, backend: b } = await twoSampleProject('pages')
  await b.call('elasticity:train', { jobId: 't1', dataset: RETAIL, models: ['poly2', 'ols'] })
  b.close()
  app = await startApp({ project })
}, 300_000)
afterAll(async () => {
  await app?.close()
})

const nav = (name: string) => app.page.getByRole('navigation').getByRole('button', { name })

const choose = (id: string) => chooseDataset(app.page, id)

/** The page in light and dark at 1440×900, and at 1280×720: screenshots to look at. */
async function shots(p: Page, name: string) {
  await p.setViewportSize({ width: 1440, height: 900 })
  await p.screenshot({ path: join(OUTPUT, `60-${name}-1440-light.png`) })
  await p.emulateMedia({ colorScheme: 'dark' })
  await settled(p) // the theme's colour transitions end
  await p.screenshot({ path: join(OUTPUT, `60-${name}-1440-dark.png`) })
  await p.emulateMedia({ colorScheme: 'light' })
  await settled(p)
  await p.setViewportSize({ width: 1280, height: 720 })
  await p.screenshot({ path: join(OUTPUT, `60-${name}-1280.png`) })
  await p.setViewportSize({ width: 1440, height: 960 })
}

const mainText = async () => (await app.page.locator('main').innerText()) ?? ''

describe('the Elasticity, Propensity and Overview pages on the retail sample (issue 16)', () => {
  it('Overview: no EdTech word, numbers formatted, no learner propensity in a retail study', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await choose(RETAIL)
    await expect
      .poll(() => p.getByTestId('kpi-elasticity').textContent())
      .toMatch(/Polynomial \(2\)|Log-log OLS/)
    expect(await p.getByTestId('kpi-elasticity').textContent()).toMatch(
      /R² -?\d\.\d{3} · RMSE [\d,]+\.\d\d · MAPE [\d,]+\.\d\d%/
    )
    const text = await mainText()
    expect(text.match(EDTECH_WORDS)?.[0] ?? null).toBeNull()
    expect(text.match(UNGROUPED)?.[0] ?? null).toBeNull()
    // The study of a retail panel offers no "Propensity models" (they score the EdTech sample's learners).
    expect(await p.getByLabel('Propensity models').count()).toBe(0)
    await shots(p, 'overview-retail')
  })

  it('Overview: the five cards share one row at 1440 and 1280 (the last one sat alone on a second row)', async () => {
    const p = app.page
    await nav('Overview').click()
    await choose(RETAIL)
    await p.getByTestId('kpi-recommended-elasticity').waitFor()
    for (const [width, height] of [
      [1440, 900],
      [1280, 720]
    ]) {
      await p.setViewportSize({ width, height })
      const cards = await p.locator('[data-testid^="kpi-"]').all()
      const tops = await Promise.all(cards.map(async (c) => Math.round((await c.boundingBox())?.y ?? NaN)))
      expect(tops.length, `${width}×${height}`).toBe(5)
      expect(new Set(tops).size, `${width}×${height}: ${tops.join(', ')}`).toBe(1)
    }
    await p.setViewportSize({ width: 1440, height: 960 })
  })

  it('Elasticity: no EdTech word, formatted numbers; a changed setting marks the results stale', async () => {
    const p = app.page
    await nav('Elasticity').click()
    await p.getByTestId('comparison-table').waitFor()
    await settled(p)
    const text = await mainText()
    expect(text.match(EDTECH_WORDS)?.[0] ?? null).toBeNull()
    expect(text.match(UNGROUPED)?.[0] ?? null).toBeNull()
    expect(text).toMatch(/5,824 rows, \d+ items/)
    expect(text).toMatch(/Trained in [\d,]+\.\d s, seed 42/)
    // The form shows the run's settings: fresh.
    expect(await p.getByTestId('stale-notice').count()).toBe(0)
    await p.getByTestId('elasticity-seed').fill('7')
    await p.getByTestId('stale-notice').waitFor()
    expect(await p.getByTestId('stale-notice').getAttribute('data-stale')).toBe('settings')
    expect(await p.getByTestId('stale-detail').textContent()).toContain('Seed: 42 → 7')
    await shots(p, 'elasticity-retail-stale')
    // Text in the seed blocks training with a message in the field's terms.
    await p.getByTestId('elasticity-seed').fill('4.5')
    await p.getByTestId('train-invalid').waitFor()
    expect(await p.getByTestId('train-invalid').textContent()).toMatch(/Seed must be a whole number/)
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(true)
    // Back to the run's seed: fresh again.
    await p.getByTestId('elasticity-seed').fill('42')
    await expect.poll(() => p.getByTestId('stale-notice').count()).toBe(0)
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(false)
  })

  it('Elasticity: a cancelled training is a neutral note; the results stay, not marked failed', async () => {
    const p = app.page
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('job-progress').waitFor()
    await p.getByTestId('job-progress').getByRole('button', { name: 'Cancel' }).click()
    await p.getByTestId('job-cancelled').waitFor({ timeout: 30_000 })
    expect(await p.getByTestId('job-cancelled').getAttribute('class')).toMatch(/standardInfo|colorInfo/)
    expect(await p.getByTestId('job-error').count()).toBe(0)
    expect(await p.getByTestId('stale-notice').count()).toBe(0)
    await p.getByTestId('comparison-table').waitFor()
    await shots(p, 'elasticity-retail-cancelled')
    // Another dataset: how the retail training ended is not its news.
    await choose(EDTECH)
    await p.getByText('No model trained yet for this dataset').waitFor()
    expect(await p.getByTestId('job-cancelled').count()).toBe(0)
    await choose(RETAIL)
    await p.getByTestId('comparison-table').waitFor()
  })

  it('Propensity on the retail sample opens on customer tables, without EdTech words', async () => {
    const p = app.page
    await nav('Propensity').click()
    await p.getByRole('button', { name: 'Train models' }).waitFor()
    await settled(p)
    // Customer tables only: no switch to the EdTech sample's learners.
    expect(await p.getByRole('button', { name: 'Sample learners' }).count()).toBe(0)
    expect(await p.getByLabel('Label column').count()).toBe(1)
    expect(await p.getByTestId('customer-train-reason').textContent()).toMatch(/Choose the label column/)
    const text = await mainText()
    expect(text.match(EDTECH_WORDS)?.[0] ?? null).toBeNull()
    await shots(p, 'propensity-retail')
  })

  it('a failed training is red with its code, and the results before it are marked stale', async () => {
    const p = app.page
    // The retail panel's promotion flag as a yes/no label: a valid run.
    await p.getByLabel('Label column').click()
    await p.getByRole('option', { name: 'feature', exact: true }).click()
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('customer-propensity-table').waitFor({ timeout: 120_000 })
    expect(await p.getByTestId('stale-notice').count()).toBe(0)
    // Another label: the results answer the old one.
    await p.getByLabel('Label column').click()
    await p.getByRole('option', { name: 'brand', exact: true }).click()
    await p.getByTestId('stale-notice').waitFor()
    expect(await p.getByTestId('stale-notice').getAttribute('data-stale')).toBe('settings')
    // Seven brands are no yes/no label: the training fails, said in red with its code.
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('job-error').waitFor({ timeout: 60_000 })
    expect(await p.getByTestId('job-error').getAttribute('class')).toMatch(/standardError|colorError/)
    expect(await p.getByTestId('error-code').textContent()).toMatch(/^\([a-z_]+\)$/)
    expect(await p.getByTestId('stale-notice').getAttribute('data-stale')).toBe('failed')
    await p.getByTestId('customer-propensity-table').waitFor()
    await shots(p, 'propensity-retail-failed')
  }, 180_000)

  it('the EdTech sample keeps its words: learners propensity with its fields checked in their terms', async () => {
    const p = app.page
    await choose(EDTECH)
    await nav('Propensity').click()
    await p.getByText('No propensity model trained yet').waitFor()
    await p.getByTestId('propensity-cutoff').fill('last week')
    await p.getByTestId('propensity-invalid').waitFor()
    expect(await p.getByTestId('propensity-invalid').textContent()).toMatch(
      /Cutoff must be a date written YYYY-MM-DD/
    )
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(true)
    await p.getByTestId('propensity-cutoff').fill('')
    await p.getByLabel('Upsell (a dearer course in 60 days)').uncheck()
    await p.getByLabel('Completion (of an enrollment)').uncheck()
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('job-progress').waitFor()
    // Leave during training and come back: the page re-attaches to its job (progress, cancel, no second start).
    await nav('Overview').click()
    await p.getByTestId('kpi-elasticity').waitFor()
    await nav('Propensity').click()
    await p.getByTestId('job-progress').waitFor({ timeout: 10_000 })
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(true)
    await p.getByTestId('propensity-table').waitFor({ timeout: 120_000 })
    // Churn risk in its own words, not the enrollment bands'.
    const matrix = (await p.getByTestId('risk-matrix').textContent()) ?? ''
    expect(matrix).toMatch(/High risk \(≥ 0\.7\).*Low risk \(< 0\.3\)/)
    expect(matrix).not.toMatch(/Hot|Warm|Cold|Dormant/)
    // An offer cost out of range blocks the threshold; the computed one is marked stale after a change.
    await p.getByRole('button', { name: 'Find the threshold that pays' }).click()
    await p.getByTestId('threshold-result').waitFor()
    expect(await p.getByTestId('threshold-result').textContent()).toMatch(/of [\d,]+ test learners/)
    await p.getByTestId('offer-cost').fill('-5')
    await p.getByTestId('threshold-invalid').waitFor()
    expect(await p.getByRole('button', { name: 'Find the threshold that pays' }).isDisabled()).toBe(true)
    await p.getByTestId('offer-cost').fill('20')
    await p.getByTestId('threshold-stale').waitFor()
    await p.getByTestId('offer-maxDiscountPct').fill('150')
    await p.getByTestId('offers-invalid').waitFor()
    expect(await p.getByTestId('offers-invalid').textContent()).toMatch(
      /Max discount must be between 0 % and 100 %/
    )
    expect(await p.getByRole('button', { name: 'Price the offers' }).isDisabled()).toBe(true)
    await p.getByTestId('offer-maxDiscountPct').fill('30')
    await p.getByTestId('propensity-table').scrollIntoViewIfNeeded()
    await shots(p, 'propensity-edtech')
    await p.getByTestId('offers-invalid').waitFor({ state: 'detached' })
    await p.getByRole('button', { name: 'Price the offers' }).click()
    await p.getByTestId('offers').waitFor()
    await p.getByTestId('offers').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '60-propensity-edtech-offers.png') })
    await p.getByTestId('risk-matrix').scrollIntoViewIfNeeded()
    await p.screenshot({ path: join(OUTPUT, '60-propensity-edtech-matrix.png') })
  }, 180_000)

  it('the Data page opens on the app bar’s dataset, and follows a switch', async () => {
    const p = app.page
    await choose(RETAIL)
    await nav('Data').click()
    // It opened on the first table with rows (the EdTech sample's "learners") whatever the app bar said.
    await expect.poll(() => p.getByTestId('current-table').textContent()).toBe('retail_sample')
    await choose(EDTECH)
    await expect.poll(() => p.getByTestId('current-table').textContent()).toBe('course_price_history')
    await choose(RETAIL)
    await expect.poll(() => p.getByTestId('current-table').textContent()).toBe('retail_sample')
  }, 60_000)
})
