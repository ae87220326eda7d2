import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { startApp, OUTPUT, type App, settled } from './harness'
import { Backend } from '../../src/backend/backend'

let app: App

beforeAll(async () => {
  // A project holding only the retail sample (store × brand items), no EdTech sample.
  const project = join(mkdtempSync(join(tmpdir(), 'pricelab-e2e-retail-ab-')), 'retail.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(project, { create: true })
  await b.call('data:generate', { jobId: 'g', kind: 'retail', seed: 1, scale: 0.1 })
  b.close()
  app = await startApp({ project })
}, 180_000)
afterAll(async () => {
  await app?.close()
})

describe('the A/B wizard on a store panel (issue 26)', () => {
  it('speaks the panel’s words and recommends randomizing whole stores', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Experiments' }).click()
    await p.getByTestId('experiment-name').waitFor()
    // The Units menu offers the panel's own units, never the EdTech sample's.
    await p.getByLabel('Units').click()
    const menu = (await p.getByRole('listbox').textContent()) ?? ''
    expect(menu).not.toMatch(/Courses|Learners/)
    expect(menu).toMatch(/retail_sample/)
    await p.keyboard.press('Escape')
    await p.getByLabel('Metric').click()
    const metrics = (await p.getByRole('listbox').textContent()) ?? ''
    expect(metrics).toMatch(/Revenue per item and week/)
    expect(metrics).not.toMatch(/learner|Conversion/)
    await p.keyboard.press('Escape')
    await p.getByRole('button', { name: 'Next' }).click() // → Arms
    await p.getByRole('button', { name: 'Next' }).click() // → Power
    await p.getByTestId('power-result').waitFor()
    await p.getByRole('button', { name: 'Next' }).click() // → Assignment
    const advice = p.getByTestId('cannibalization-advice')
    await advice.waitFor()
    expect(await advice.textContent()).toMatch(/share a store.*Cluster by store/)
    await p.getByLabel('Randomize together (cluster)').click()
    await p.getByRole('option', { name: 'store (recommended)' }).click()
    await p.getByTestId('plan-stale').waitFor()
    await p.screenshot({ path: join(OUTPUT, '13-experiments-retail-assignment.png'), fullPage: true })
    await p.getByRole('button', { name: 'Compute again' }).click()
    await expect.poll(() => p.getByTestId('plan-stale').count()).toBe(0)
    await expect.poll(() => advice.textContent()).toMatch(/^Design: clustered by store.*Protected/)
    await p.getByRole('button', { name: 'Next' }).click() // → Review
    await p.getByTestId('strata-table').waitFor()
    const page = (await p.locator('main').textContent()) ?? ''
    expect(page).not.toMatch(/course|learner|teacher|Category/i)
    expect(page).toMatch(/brand/)
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '13-experiments-retail-review.png'), fullPage: true })
  }, 120_000)
})
