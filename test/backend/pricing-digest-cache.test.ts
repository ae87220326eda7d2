// Issue 33 item 2: every optimize read the whole dataset again (22.5 s of a 67.5 s optimize on the 10M-row panel),
// in a fresh CLI process and in the app. The digest is now cached in the project under the dataset's stamp.
import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { cli, tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'
import { digestCacheRows } from './fixtures/digest-cache-rows'
import { obtainDigest } from '../../src/backend/pricing/digest-source'

let path = ''
let retail = ''

/** A fresh backend per call, as a new `pricelab optimize` process is: nothing is kept in memory between them. */
/** Where the last optimizeSheet's pricing data came from (the run's digest_source). */
let lastSource: string | null | undefined

async function optimizeSheet(dataset: string): Promise<string> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  try {
    b.openProject(path, { create: false })
    const runId = (await b.call('elasticity:runs', {})).find((r) => r.dataset === dataset)?.run_id
    const r = await b.call('pricing:optimize', { runId })
    lastSource = r.digest_source
    const f = await b.call('pricing:export', { runId: r.run_id ?? undefined })
    return readFileSync(b.files.get(f.fileId).path, 'utf8')
  } finally {
    b.close()
  }
}

const cacheRows = (dataset: string) => digestCacheRows(path, dataset)

/** The settings the cached entry was made for (the run's controls): what the optimize call asks for. */
function keyOf(dataset: string): { controls: string[] | null } {
  const db = new Database(path, { readonly: true })
  try {
    const row = db.prepare('SELECT key FROM pricing_digest_cache WHERE dataset = ?').get(dataset) as {
      key: string
    }
    return JSON.parse(row.key) as { controls: string[] | null }
  } finally {
    db.close()
  }
}

function tamper(sql: string): void {
  const db = new Database(path)
  db.prepare(sql).run()
  db.close()
}

async function train(dataset: string): Promise<void> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(path, { create: false })
  await b.call('elasticity:train', { jobId: `e-${dataset}`, dataset, models: ['ols'] })
  b.close()
}

beforeAll(async () => {
  path = (await importSalesDataset(tempDir(), { items: 14, weeks: 30, seed: 3 })).db
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(path, { create: false })
  retail = (await b.call('data:generate', { jobId: 'g', seed: 2, scale: 0.1, kind: 'retail' })).dataset ?? ''
  b.close()
  await train('sales')
  await train(retail)
}, 180_000)

describe('the pricing digest cache', () => {
  it('training leaves the dataset’s base digest in the project: the first optimize reads it, and prices as the rows do', async () => {
    for (const dataset of ['sales', retail]) {
      // Made after training (s11-cold; before, the first optimize read every row and wrote it): every control.
      const entry = cacheRows(dataset)
      expect(entry, dataset).toMatchObject([{ hits: 0 }])
      expect(keyOf(dataset).controls, dataset).toBeNull()
      const first = await optimizeSheet(dataset)
      // Read from the cache, and nothing written for it: the entry as it was (no hit counted in it).
      expect(lastSource, dataset).toBe('cache')
      expect(cacheRows(dataset), dataset).toEqual(entry)
      // The same sheet as the digest made from the rows by the optimize call itself (no entry).
      tamper(`DELETE FROM pricing_digest_cache WHERE dataset = '${dataset}'`)
      const fromRows = await optimizeSheet(dataset)
      expect(lastSource, dataset).toBe('stream')
      expect(cacheRows(dataset), dataset).toMatchObject([{ hits: 0 }])
      expect(first, dataset).toBe(fromRows)
      expect(await optimizeSheet(dataset), dataset).toBe(fromRows)
      expect(lastSource, dataset).toBe('cache')
      expect(first.split('\n').length).toBeGreaterThan(10)
    }
  }, 180_000)

  it('one entry answers runs with other controls, bit for bit as their own digest, and not a run without the period', () => {
    const whole = () => {
      throw new Error('not read whole')
    }
    for (const controls of [
      undefined,
      ['week (trend)'],
      ['family', 'week (trend)'],
      ['week (week of year)', 'week (trend)']
    ]) {
      const own = obtainDigest(path, 'sales', controls, undefined, 'off', whole)
      const cached = obtainDigest(path, 'sales', controls, undefined, 'read', whole)
      expect(cached.source, String(controls)).toBe('cache')
      expect(cached.digest, String(controls)).toEqual(own.digest)
      expect(cached.digest.panel.controls.map((c) => c.name)).toEqual(
        own.digest.panel.controls.map((c) => c.name)
      )
    }
    // Without the trend the latest rows are each item's last row: its own digest, not the base entry.
    const noTrend = obtainDigest(path, 'sales', ['family'], undefined, 'read', whole)
    expect(noTrend.source).toBe('stream')
    expect(noTrend.digest).toEqual(obtainDigest(path, 'sales', ['family'], undefined, 'off', whole).digest)
    expect(cacheRows('sales')).toHaveLength(1)
  })

  it('a tampered entry is never served: the digest is made again from the data and the entry replaced', async () => {
    const before = await optimizeSheet('sales')
    // The last value of the body's last array (a control of the last kept row) set to NaN, in place.
    const db = new Database(path)
    const { body } = db.prepare(`SELECT body FROM pricing_digest_cache WHERE dataset = 'sales'`).get() as {
      body: Buffer
    }
    body.writeDoubleLE(Number.NaN, body.length - 8)
    db.prepare(`UPDATE pricing_digest_cache SET body = ?, hits = 0 WHERE dataset = 'sales'`).run(body)
    db.close()
    // What the worker does, in this thread: the damage is named, and the digest comes from the rows instead.
    const got = obtainDigest(path, 'sales', keyOf('sales').controls ?? undefined, undefined, 'read', () => {
      throw new Error('not read whole')
    })
    expect(got.source).toBe('stream')
    expect(got.cacheRefused).toMatch(
      /the cached pricing digest is damaged: week \(trend\)\[\d+\] is NaN \(expected a finite number\)/
    )
    expect(cacheRows('sales')).toMatchObject([{ hits: 0 }])
    const after = await optimizeSheet('sales')
    expect(after).toBe(before)
    // Rebuilt from the rows, then read again from the cache.
    expect(lastSource).toBe('stream')
    expect(await optimizeSheet('sales')).toBe(before)
    expect(lastSource).toBe('cache')
  }, 180_000)

  it('a project busy with another write still gets its digest; the entry is written by a later call', () => {
    tamper('DELETE FROM pricing_digest_cache')
    const controls = ['family', 'week (week of year)', 'week (trend)']
    const other = new Database(path)
    other.exec('BEGIN IMMEDIATE')
    try {
      const got = obtainDigest(path, 'sales', controls, undefined, 'read-write', () => {
        throw new Error('not read whole')
      })
      expect(got.source).toBe('stream')
      expect(got.digest.names.length).toBeGreaterThan(10)
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    expect(cacheRows('sales')).toEqual([])
    obtainDigest(path, 'sales', controls, undefined, 'read-write', () => {
      throw new Error('not read whole')
    })
    expect(cacheRows('sales')).toMatchObject([{ hits: 0 }])
  })

  it('a re-imported dataset is never served the digest of its old rows', async () => {
    const old = cacheRows('sales')
    expect(old).toHaveLength(1)
    const dir = tempDir()
    await importSalesDataset(dir, { items: 11, weeks: 24, seed: 9 })
    const csv = `${dir}/sales.csv`
    const imp = await cli(
      'import',
      '--db',
      path,
      '--dataset',
      'sales',
      '--replace',
      ...[
        '--item',
        'sku',
        '--segment',
        'family',
        '--period',
        'week',
        '--price',
        'price',
        '--quantity',
        'units'
      ],
      csv
    )
    expect(imp.code, imp.err).toBe(0)
    // Before training again, the entry made from the old rows is not served (another stamp): the rows are read.
    const whole = () => {
      throw new Error('not read whole')
    }
    const stale = obtainDigest(path, 'sales', undefined, undefined, 'read', whole)
    expect(stale.source).toBe('stream')
    expect(stale.digest.names).toHaveLength(11)
    expect(stale.digest).toEqual(obtainDigest(path, 'sales', undefined, undefined, 'off', whole).digest)
    await train('sales')
    const made = cacheRows('sales')
    expect(made).toHaveLength(1)
    expect(made[0].stamp).not.toBe(old[0].stamp)
    const fresh = await optimizeSheet('sales')
    const now = cacheRows('sales')
    expect(now).toHaveLength(1)
    expect(now[0].stamp).toBe(made[0].stamp)
    expect(lastSource).toBe('cache')
    expect(fresh).toMatch(/\nS10,/)
    expect(fresh).not.toMatch(/\nS12,/)
    // The same sheet as with no cache at all.
    tamper(`DELETE FROM pricing_digest_cache`)
    expect(await optimizeSheet('sales')).toBe(fresh)
  }, 180_000)
})
