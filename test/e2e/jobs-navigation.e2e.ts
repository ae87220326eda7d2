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

const nav = (name: string) => app.page.getByRole('navigation').getByRole('button', { name })

describe('jobs that survive navigation (issue 16)', () => {
  it('Elasticity re-attaches to its training after navigation and after a reload; cancel is neutral', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await nav('Elasticity').click()
    await expect.poll(() => p.url()).toMatch(/#\/elasticity$/)
    await p.getByRole('button', { name: 'Train models' }).click()
    await p.getByTestId('job-progress').waitFor()
    // Leave the page while it trains, and come back: progress and a disabled "Train models".
    await nav('Data').click()
    await expect.poll(() => p.url()).toMatch(/#\/data$/)
    await nav('Elasticity').click()
    await p.getByTestId('job-progress').waitFor({ timeout: 10_000 })
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(true)
    // Reload mid-run: the URL keeps the page, and the page re-attaches.
    await p.reload()
    await p.getByRole('button', { name: 'Train models' }).waitFor()
    expect(p.url()).toMatch(/#\/elasticity$/)
    await p.getByTestId('job-progress').waitFor({ timeout: 10_000 })
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(true)
    await p.screenshot({ path: join(OUTPUT, '40-elasticity-reattached.png') })
    await p.getByTestId('job-progress').getByRole('button', { name: 'Cancel' }).click()
    const alert = p.getByRole('alert').filter({ hasText: /cancelled/ })
    await alert.waitFor({ timeout: 20_000 })
    expect(await alert.getAttribute('class')).toMatch(/standardInfo|colorInfo/)
    expect(await p.getByRole('button', { name: 'Train models' }).isDisabled()).toBe(false)
    await p.screenshot({ path: join(OUTPUT, '41-elasticity-cancelled.png') })
  }, 120_000)

  it('a cancelled study run is a neutral note, not a red failure', async () => {
    const p = app.page
    await nav('Overview').click()
    await p.getByRole('button', { name: 'Run the study' }).click()
    // Cancelled once the study is under way (its progress has moved), not after a fixed delay.
    await p
      .getByTestId('job-progress')
      .getByText(/· [1-9]\d*%$/)
      .first()
      .waitFor()
    await p.getByTestId('job-progress').getByRole('button', { name: 'Cancel' }).click()
    await p.getByTestId('study-notice').waitFor({ timeout: 30_000 })
    expect(await p.getByTestId('study-notice').textContent()).toMatch(/cancelled/)
    expect(
      await p
        .getByRole('alert')
        .filter({ hasText: /The run cancelled/ })
        .count()
    ).toBe(0)
    await p.screenshot({ path: join(OUTPUT, '42-study-cancelled.png') })
  }, 120_000)
})
