// Issue 33 item 2: every optimize read the whole dataset again (22.5 s of a 67.5 s optimize on the 10M-row panel),
// in a fresh CLI process and in the app. The digest is now cached in the project under the dataset's stamp.
import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { cli, tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'
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

function cacheRows(dataset: string): { stamp: string; hits: number; bytes: number }[] {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare('SELECT stamp, hits, length(body) AS bytes FROM pricing_digest_cache WHERE dataset = ?')
      .all(dataset) as { stamp: string; hits: number; bytes: number }[]
  } finally {
    db.close()
  }
}

/** The settings the cached entry was made for (the run's controls): what the optimize call asks for. */
function keyOf(dataset: string): { controls: string[] } {
  const db = new Database(path, { readonly: true })
  try {
    const row = db.prepare('SELECT key FROM pricing_digest_cache WHERE dataset = ?').get(dataset) as {
      key: string
    }
    return JSON.parse(row.key) as { controls: string[] }
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
  it('a second optimize reads the cache, and prices exactly as the first (sales panel and retail sample)', async () => {
    for (const dataset of ['sales', retail]) {
      expect(cacheRows(dataset)).toEqual([])
      const cold = await optimizeSheet(dataset)
      expect(lastSource).toBe('stream')
      const entry = cacheRows(dataset)
      expect(entry).toMatchObject([{ hits: 0 }])
      const warm = await optimizeSheet(dataset)
      // Read from the cache, and nothing written for it: the entry as it was (no hit counted in it).
      expect(lastSource, dataset).toBe('cache')
      expect(cacheRows(dataset), dataset).toEqual(entry)
      expect(warm, dataset).toBe(cold)
      expect(cold.split('\n').length).toBeGreaterThan(10)
    }
  }, 180_000)

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
    const got = obtainDigest(path, 'sales', keyOf('sales').controls, undefined, 'read', () => {
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
    await train('sales')
    const fresh = await optimizeSheet('sales')
    const now = cacheRows('sales')
    expect(now).toHaveLength(1)
    expect(now[0].stamp).not.toBe(old[0].stamp)
    expect(now[0].hits).toBe(0)
    expect(fresh).toMatch(/\nS10,/)
    expect(fresh).not.toMatch(/\nS12,/)
    // The same sheet as with no cache at all.
    tamper(`DELETE FROM pricing_digest_cache`)
    expect(await optimizeSheet('sales')).toBe(fresh)
  }, 180_000)
})
