import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { startApp, OUTPUT, type App, settled } from './harness'
import { Backend } from '../../src/backend/backend'

/** Issue 29 item 9: a propensity run trained on a sample regenerated since is shown as stale, with the reason. */
let app: App

beforeAll(async () => {
  const project = join(mkdtempSync(join(tmpdir(), 'pricelab-e2e-stale-')), 'stale.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(project, { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 3, scale: 0.05, kind: 'edtech' })
  await b.call('propensity:train', { jobId: 'p', targets: ['churn'] })
  await b.call('data:generate', { jobId: 'g2', seed: 4, scale: 0.05, kind: 'edtech' })
  b.close()
  app = await startApp({ project })
}, 240_000)
afterAll(async () => {
  await app?.close()
})

describe('Propensity page: a run on a regenerated sample', () => {
  it('is marked with the reason and the fix; its results are dimmed', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Propensity' }).click()
    const notice = p.locator('[data-stale="data"]')
    await notice.waitFor({ timeout: 60_000 })
    expect(await notice.textContent()).toMatch(
      /These results describe data that has changed since — propensity run \d+ was trained on version 1 of the sample data, which has since been regenerated \(now version 2\): train the propensity again\./
    )
    await p.getByTestId('propensity-table').waitFor()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, 'stale-propensity.png') })
  }, 120_000)
})
