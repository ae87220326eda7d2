import { join } from 'node:path'
import { Backend } from '../src/backend/backend'
import { queryRows, type RowQuery } from '../src/core/data/tables'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/**
 * Issue 17 #8: a filtered, sorted read of a large dataset in the reader worker, with the
 * longest event-loop gap meanwhile (a 5 ms probe), the time a superseded read takes to
 * come back cancelled, and what the worker round trip costs a small page.
 */
export async function benchTableReads(tmp: string, rows: number) {
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(join(tmp, `reads-${rows}.pricelab`), { create: true })
  const t0 = performance.now()
  await b.project.lockWrite((db) => {
    db.exec(`DROP TABLE IF EXISTS ds_big; DELETE FROM datasets WHERE name = 'big';
      CREATE TABLE ds_big (id INTEGER, k INTEGER, v REAL, s TEXT);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
      INSERT INTO ds_big SELECT i, (i * 7919) % 1000, ((i * 104729) % 1000003) / 1000003.0, 'row ' || i FROM n;`)
    const columns = ['id:integer', 'k:integer', 'v:number', 's:text'].map((c) => {
      const [name, type] = c.split(':')
      return { name, type }
    })
    db.prepare(
      `INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json)
       VALUES ('big', 'ds_big', 'bench', '2026-01-01', ?, ?, '{}')`
    ).run(rows, JSON.stringify(columns))
  })
  const buildMs = performance.now() - t0
  const slow: RowQuery = {
    table: 'ds_big',
    offset: 1000,
    limit: 200,
    sort: { column: 's', direction: 'desc' },
    filters: [{ column: 'v', op: 'gt', value: 0.25 }]
  }
  await b.call('data:rows', { table: 'ds_big', offset: 0, limit: 10 })
  let last = performance.now()
  let gap = 0
  const probe = setInterval(() => {
    const now = performance.now()
    gap = Math.max(gap, now - last)
    last = now
  }, 5)
  const t1 = performance.now()
  await b.call('data:rows', slow)
  const readMs = performance.now() - t1
  clearInterval(probe)
  gap = Math.max(gap, performance.now() - last)

  const t2 = performance.now()
  const old = b.dispatch('data:rows', slow)
  await new Promise((r) => setTimeout(r, 20))
  void b.dispatch('data:rows', { ...slow, sort: { column: 'id', direction: 'asc' } })
  const cancelled = await old
  const cancelMs = performance.now() - t2

  const small: RowQuery = { table: 'ds_big', offset: 400, limit: 200 }
  const worker: number[] = []
  const direct: number[] = []
  for (let i = 0; i < 30; i++) {
    let t = performance.now()
    await b.call('data:rows', small)
    worker.push(performance.now() - t)
    t = performance.now()
    queryRows(b.project.reader, small)
    direct.push(performance.now() - t)
  }
  b.close()
  return {
    rows,
    build_ms: Math.round(buildMs),
    filtered_sorted_read_ms: Math.round(readMs),
    max_event_loop_gap_ms: Math.round(gap),
    superseded_read_cancelled: !cancelled.ok && cancelled.error.code === 'cancelled',
    superseded_read_back_ms: Math.round(cancelMs),
    // Unfiltered 200-row page; the direct figure is the old main-thread path (it includes the count).
    small_page_worker_median_ms: +median(worker).toFixed(2),
    small_page_direct_median_ms: +median(direct).toFixed(2)
  }
}
