import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { saveJson } from '../src/core/db/saved-json'
import { COLUMNS_FORMAT, ROLES_FORMAT } from '../src/core/data/formats'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** A project holding one dataset of `rows` rows (item, week, price, units), written by SQL alone. */
function bigProject(path: string, rows: number): void {
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
  const db = openSqlite(path)
  migrate(db)
  db.exec(`CREATE TABLE ds_big (item TEXT, week INTEGER, price REAL, units REAL);
    WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < ${rows})
    INSERT INTO ds_big SELECT 'i' || (i % 96150), i / 96150, 10 + (i % 7), i % 13 FROM r;`)
  const columns = [
    { name: 'item', type: 'text' as const },
    { name: 'week', type: 'integer' as const },
    { name: 'price', type: 'number' as const },
    { name: 'units', type: 'number' as const }
  ]
  db.prepare(
    `INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json, version)
     VALUES ('big', 'ds_big', 'generated', ?, ?, ?, ?, 1)`
  ).run(
    new Date().toISOString(),
    rows,
    saveJson(COLUMNS_FORMAT, columns),
    saveJson(ROLES_FORMAT, { item: 'item', period: 'week', price: 'price', quantity: 'units' })
  )
  db.close()
}

/**
 * `data:tables` on a project with a large dataset (`npm run bench -- tables [rows]`, default 10,000,000): the first
 * call (counts every table), then the median of 20 calls (counts kept until the file changes); beside it, in the
 * same run, one `SELECT count(*)` of the big table (what every call cost before issue 33).
 */
export async function benchTablesCall(tmp: string, rows = 10_000_000): Promise<Record<string, unknown>> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const path = join(tmp, 'tables-call.pricelab')
  const t0 = performance.now()
  bigProject(path, rows)
  const buildMs = performance.now() - t0
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(path, { create: false })
  try {
    const time = async () => {
      const s = performance.now()
      const t = await b.call('data:tables', {})
      return { ms: performance.now() - s, rows: t.find((x) => x.name === 'ds_big')?.rows }
    }
    const first = await time()
    const later: number[] = []
    for (let k = 0; k < 20; k++) later.push((await time()).ms)
    const counts: number[] = []
    for (let k = 0; k < 3; k++) {
      const s = performance.now()
      b.project.reader.prepare('SELECT count(*) AS n FROM ds_big').get()
      counts.push(performance.now() - s)
    }
    const r = (x: number) => Math.round(x * 100) / 100
    return {
      rows,
      rows_reported: first.rows,
      build_ms: Math.round(buildMs),
      load_average_1m: Math.round(loadavg()[0] * 10) / 10,
      first_call_ms: r(first.ms),
      later_calls_ms_median: r(median(later)),
      later_calls_ms_max: r(Math.max(...later)),
      count_star_ms_median: r(median(counts)),
      target_ms: 5
    }
  } finally {
    b.close()
  }
}
