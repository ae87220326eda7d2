import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { cli, importSales, tempDir, writeFile } from '../helpers'

/**
 * Issue 29 item 9 (second half): a run trained on the sample was kept after the sample was
 * regenerated with another seed, and `optimize` priced from it without retraining (its
 * dataset_version stayed 1). Runs now remember the version of the data they were trained on;
 * one whose data was regenerated or replaced is listed as stale and never priced from.
 */
describe('runs are tied to the version of their data', () => {
  it('regenerating the sample makes its runs stale: listed so, refused by pricing, optimize trains again', async () => {
    const db = join(tempDir(), 'p.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.05')).code).toBe(0)
    const first = JSON.parse(
      (await cli('elasticity', '--db', db, '--models', 'ols', '--dml', 'off', '--json')).out
    )
    expect(first.dataset_version).toBe(1)
    expect((await cli('generate', '--db', db, '--seed', '4', '--scale', '0.05')).code).toBe(0)

    const b = new Backend({ mode: 'cli', version: 'test' })
    expect((await b.dispatch('project:open', { path: db })).ok).toBe(true)
    const runs = await b.call('elasticity:runs', {})
    expect(runs[0]).toMatchObject({
      run_id: first.run_id,
      stale: expect.stringMatching(
        /was trained on version 1 of the sample data, which has since been regenerated \(now version 2\): train the elasticity again/
      )
    })
    const priced = await b.dispatch('pricing:optimize', { runId: first.run_id, save: false })
    expect(priced.ok ? 'priced' : priced.error.message).toMatch(/was trained on version 1 of the sample data/)
    b.close()

    const o = await cli('optimize', '--db', db, '--out', `${db}.prices.csv`, '--json')
    expect(o.code, o.err).toBe(0)
    const j = JSON.parse(o.out)
    expect(j.trained_elasticity).toBe(true)
    expect(j.elasticity_run_id).not.toBe(first.run_id)
    expect(o.err).toMatch(/has since been regenerated .*training it again first/)
    const again = JSON.parse(
      (await cli('elasticity', '--db', db, '--models', 'ols', '--dml', 'off', '--json')).out
    )
    expect(again.dataset_version).toBe(2)
  }, 180_000)

  it('replacing an imported dataset makes its runs stale', async () => {
    const dir = tempDir()
    const db = join(dir, 'p.pricelab')
    const rows = (shift: number) =>
      [
        'item,week,price,quantity',
        ...Array.from({ length: 120 }, (_, i) => {
          const price = 8 + ((i * 7) % 5)
          return `I${i % 6},${Math.floor(i / 6) + 1},${price},${Math.round(400 * price ** -1.5) + shift + (i % 3)}`
        })
      ].join('\n')
    const imp = (file: string, ...extra: string[]) => importSales(db, file, { extra })
    expect((await imp(writeFile(dir, 'a.csv', rows(0)))).code).toBe(0)
    const e = await cli(
      'elasticity',
      '--db',
      db,
      '--dataset',
      'sales',
      '--models',
      'ols',
      '--dml',
      'off',
      '--json'
    )
    expect(e.code, e.err).toBe(0)
    const b = new Backend({ mode: 'cli', version: 'test' })
    expect((await b.dispatch('project:open', { path: db })).ok).toBe(true)
    expect((await b.call('elasticity:runs', {}))[0].stale).toBeUndefined()
    b.close()
    expect((await imp(writeFile(dir, 'b.csv', rows(5)), '--replace')).code).toBe(0)
    const b2 = new Backend({ mode: 'cli', version: 'test' })
    expect((await b2.dispatch('project:open', { path: db })).ok).toBe(true)
    expect((await b2.call('elasticity:runs', {}))[0].stale).toMatch(
      /version 1 of dataset "sales", which has since been replaced \(now version 2\)/
    )
    b2.close()
  }, 180_000)
})
