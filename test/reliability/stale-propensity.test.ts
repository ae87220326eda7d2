import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { openReadOnly } from '../../src/backend/serve/served-project'
import { customersToCsv, generateCustomers } from '../../src/core/propensity/customers/generate'
import { cli, customerChurnRun, tempDir, writeFile } from '../helpers'

/**
 * Issue 29 item 9 (propensity): runs remember the version of the data they were trained on, as
 * elasticity runs do. Before, a learner run kept scoring a regenerated sample and a customer run a
 * replaced dataset: `score` wrote the old scores and `serve` answered with them.
 */

/** What `serve` would answer from now: the learners and the customers of each dataset it serves. */
async function served(
  db: string
): Promise<{ learners: number; customers: Map<string, Map<string, unknown>> }> {
  const p = openReadOnly(db)
  try {
    const s = await p.load()
    return { learners: s.learners.size, customers: s.customers }
  } finally {
    p.close()
  }
}

async function withBackend<T>(db: string, f: (b: Backend) => Promise<T>): Promise<T> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  try {
    expect((await b.dispatch('project:open', { path: db })).ok).toBe(true)
    return await f(b)
  } finally {
    b.close()
  }
}

describe('propensity runs are tied to the version of their data', () => {
  it('regenerating the sample makes a learner run stale: listed so, refused, not served; score trains again', async () => {
    const dir = tempDir()
    const db = join(dir, 'p.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.05')).code).toBe(0)
    const p = await cli('propensity', '--db', db, '--target', 'churn', '--json')
    expect(p.code, p.err).toBe(0)
    const first = JSON.parse(p.out)
    expect(first.dataset_version).toBe(1)
    expect((await served(db)).learners).toBeGreaterThan(0)
    expect((await cli('generate', '--db', db, '--seed', '4', '--scale', '0.05')).code).toBe(0)

    await withBackend(db, async (b) => {
      const run = await b.call('propensity:run', {})
      expect(run?.run_id).toBe(first.run_id)
      expect(run?.stale).toMatch(
        /^propensity run \d+ was trained on version 1 of the sample data, which has since been regenerated \(now version 2\): train the propensity again$/
      )
      const r = await b.dispatch('propensity:export', {})
      expect(r.ok ? 'exported' : r.error.message).toMatch(/which has since been regenerated/)
    })
    expect((await served(db)).learners).toBe(0)

    const s = await cli('score', '--db', db, '--out', join(dir, 'learners.csv'), '--json')
    expect(s.code, s.err).toBe(0)
    expect(s.err).toMatch(/has since been regenerated .*training it again first/)
    expect(JSON.parse(s.out).run_id).not.toBe(first.run_id)
    await withBackend(db, async (b) => {
      const run = await b.call('propensity:run', {})
      expect(run).toMatchObject({ dataset_version: 2 })
      expect(run?.stale).toBeUndefined()
    })
    expect((await served(db)).learners).toBeGreaterThan(0)
  }, 240_000)

  it('replacing a customer dataset makes its run stale: listed so, refused, not served; score refuses or trains again', async () => {
    const dir = tempDir()
    const { db, run: p } = await customerChurnRun(dir, customersToCsv(generateCustomers(800, 2)), '--json')
    const replace = (seed: number) =>
      cli(
        'import',
        '--db',
        db,
        '--dataset',
        'telco',
        '--replace',
        writeFile(dir, `c${seed}.csv`, customersToCsv(generateCustomers(800, seed)))
      )
    expect(p.code, p.err).toBe(0)
    const first = JSON.parse(p.out)
    expect(first.dataset_version).toBe(1)
    expect((await served(db)).customers.get('telco')?.size).toBe(800)
    expect((await replace(5)).code).toBe(0)

    await withBackend(db, async (b) => {
      const run = await b.call('propensity:customerRun', { dataset: 'telco' })
      expect(run?.stale).toMatch(
        /^propensity run \d+ was trained on version 1 of dataset "telco", which has since been replaced \(now version 2\): train the propensity again$/
      )
      const r = await b.dispatch('propensity:exportCustomers', { dataset: 'telco' })
      expect(r.ok ? 'exported' : r.error.message).toMatch(/which has since been replaced/)
    })
    expect((await served(db)).customers.has('telco')).toBe(false)

    const out = join(dir, 'scores.csv')
    const refused = await cli('score', '--db', db, '--dataset', 'telco', '--out', out, '--json')
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.out).error.message).toMatch(
      /has since been replaced \(now version 2\): train the propensity again \(propensity --dataset telco --label churn\), or give --label churn/
    )
    const s = await cli(
      'score',
      '--db',
      db,
      '--dataset',
      'telco',
      '--label',
      'churn',
      '--id',
      'customer_id',
      '--out',
      out,
      '--json'
    )
    expect(s.code, s.err).toBe(0)
    expect(s.err).toMatch(/has since been replaced .*training it again first/)
    expect(JSON.parse(s.out).run_id).not.toBe(first.run_id)
    expect((await served(db)).customers.get('telco')?.size).toBe(800)
  }, 240_000)
})
