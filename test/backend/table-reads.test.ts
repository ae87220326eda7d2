import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import type { ApiEvent } from '../../src/shared/api'
import { tempDir } from '../helpers'

// Issue 17, failure 8: a filtered, sorted read of a huge dataset blocked every other call.
const ROWS = 2_000_000
const b = new Backend({ mode: 'cli', version: 'test' })
afterAll(() => b.close())

beforeAll(async () => {
  b.openProject(join(tempDir(), 'big.pricelab'), { create: true })
  const columns = [
    { name: 'id', type: 'integer' },
    { name: 'k', type: 'integer' },
    { name: 'v', type: 'number' },
    { name: 's', type: 'text' }
  ]
  await b.project.lockWrite((db) => {
    db.exec(`CREATE TABLE ds_big (id INTEGER, k INTEGER, v REAL, s TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO ds_big SELECT i, (i * 7919) % 1000, ((i * 104729) % 1000003) / 1000003.0, 'row ' || i FROM n;`)
    db.prepare(
      `INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json)
       VALUES ('big', 'ds_big', 'generated', '2026-01-01', ?, ?, '{}')`
    ).run(ROWS, JSON.stringify(columns))
  })
  // The first read starts the worker (and, under tests, compiles it): not what is measured.
  await b.call('data:rows', { table: 'ds_big', offset: 0, limit: 10 })
}, 60_000)

const slowRead = (v: number, jobId?: string) =>
  b.dispatch('data:rows', {
    table: 'ds_big',
    offset: 100,
    limit: 200,
    sort: { column: 's', direction: 'desc' },
    filters: [{ column: 'v', op: 'gt', value: v }],
    ...(jobId ? { jobId } : {})
  })

describe('long table reads run off the event loop, with cancel (issue 17 #8)', () => {
  it('a filtered, sorted read of millions of rows leaves the event loop responsive', async () => {
    let readDone = false
    const read = slowRead(0.25).then((r) => {
      readDone = true
      return r
    })
    // Other calls answer, one after another, while the read is still running: it is off the loop.
    // (A read on the loop would have settled before the first of them.)
    for (let k = 0; k < 5; k++) expect((await b.dispatch('data:tables', {})).ok).toBe(true)
    expect(readDone).toBe(false)
    const r = await read
    expect(r.ok).toBe(true)
    const page = (r as { ok: true; value: { rows: unknown[][]; total: number } }).value
    expect(page.rows).toHaveLength(200)
    expect(page.total).toBeGreaterThan(ROWS * 0.7)
    expect(page.total).toBeLessThan(ROWS * 0.8)
    // Sorted descending on s, as asked.
    const s = page.rows.map((row) => String(row[3]))
    expect([...s].sort().reverse()).toEqual(s)
  }, 60_000)

  it('a read superseded by another sort or filter of the same table is cancelled; the new one answers', async () => {
    const old = slowRead(0.25)
    const newer = b.dispatch('data:rows', {
      table: 'ds_big',
      offset: 0,
      limit: 5,
      sort: { column: 'id', direction: 'asc' }
    })
    const oldR = await old
    expect(oldR).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect((oldR as { error: { message: string } }).error.message).toContain('ds_big')
    const n = await newer
    expect(n.ok).toBe(true)
    expect((n as { ok: true; value: { rows: unknown[][] } }).value.rows.map((row) => row[0])).toEqual([
      1, 2, 3, 4, 5
    ])
    // Pages of one view are not cancelled by each other.
    const pages = await Promise.all(
      [0, 200].map((offset) => b.dispatch('data:rows', { table: 'ds_big', offset, limit: 200 }))
    )
    expect(pages.every((p) => p.ok)).toBe(true)
  }, 60_000)

  it('a read with a job id reports progress and stops on job:cancel', async () => {
    const events: ApiEvent[] = []
    const off = b.onEvent((e) => events.push(e))
    const started = new Promise<void>((resolve) => {
      const stop = b.onEvent((e) => {
        if (e.type === 'progress' && e.jobId === 'read-1') {
          stop()
          resolve()
        }
      })
    })
    const p = slowRead(0.1, 'read-1')
    // The read is under way once it reports progress.
    await started
    expect((await b.call('job:list', {})).running.map((j) => j.label)).toEqual(['the read of ds_big'])
    expect(await b.call('job:cancel', { jobId: 'read-1' })).toEqual({ cancelled: true })
    expect(await p).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    off()
    expect(events.some((e) => e.type === 'progress' && e.jobId === 'read-1')).toBe(true)
    expect((await b.call('job:list', {})).finished.find((f) => f.jobId === 'read-1')?.status).toBe(
      'cancelled'
    )
    // The next read works (on a fresh worker).
    expect((await b.dispatch('data:summary', { table: 'ds_big' })).ok).toBe(true)
  }, 60_000)
})
