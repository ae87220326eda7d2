import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { utils, write } from '@e965/xlsx'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { importCsv } from '../src/core/data/import/import-csv'
import { previewCsv } from '../src/core/data/import/preview'

async function* once(b: Uint8Array): AsyncIterable<Uint8Array> {
  for (let i = 0; i < b.length; i += 1 << 16) yield b.subarray(i, i + (1 << 16))
}

/** Preview + import of a 100k-row, 8-column weekly sales sheet (.xlsx), with the heap it needed. */
export async function benchXlsx(tmp: string, rowsWanted = 100_000) {
  const aoa: unknown[][] = [['store', 'brand', 'item', 'week', 'price', 'quantity', 'feature', 'display']]
  for (let i = 0; i < rowsWanted; i++)
    aoa.push([
      `S${i % 97}`,
      `B${i % 7}`,
      `S${i % 97}-B${i % 7}`,
      new Date(Date.UTC(2024, 0, 1 + 7 * (i % 104))),
      Math.round(100 + (i % 350)) / 100,
      i % 300,
      i % 2,
      i % 3 === 0 ? 1 : 0
    ])
  const wb = utils.book_new()
  utils.book_append_sheet(wb, utils.aoa_to_sheet(aoa), 'Sales')
  const bytes = new Uint8Array(
    write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer
  )
  const csv = new TextEncoder().encode(utils.sheet_to_csv(wb.Sheets.Sales, { dateNF: 'yyyy-mm-dd' }) + '\n')
  const p = join(tmp, 'xlsx.pricelab')
  const times: { preview: number; import: number; csv: number }[] = []
  let rss = 0
  for (let run = 0; run < 3; run++) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(p + suffix, { force: true })
    const db = openSqlite(p)
    migrate(db)
    let t0 = performance.now()
    const pre = await previewCsv(once(bytes), 'sales.xlsx')
    const preview = performance.now() - t0
    t0 = performance.now()
    const r = await importCsv(db, once(bytes), 'sales.xlsx', {
      target: { kind: 'dataset', name: 'sales', roles: {} },
      columns: pre.columns.map((c) => ({ source: c.name, target: c.name, type: c.type }))
    })
    if (r.rows !== rowsWanted) throw new Error(`imported ${r.rows} rows, expected ${rowsWanted}`)
    const xlsxMs = performance.now() - t0
    // The same sheet as CSV, side by side: the machine is shared, so the ratio is the figure to trust.
    db.exec('DROP TABLE ds_sales; DELETE FROM datasets')
    t0 = performance.now()
    const pc = await previewCsv(once(csv), 'sales.csv')
    await importCsv(db, once(csv), 'sales.csv', {
      target: { kind: 'dataset', name: 'sales', roles: {} },
      columns: pc.columns.map((c) => ({ source: c.name, target: c.name, type: c.type }))
    })
    times.push({ preview, import: xlsxMs, csv: performance.now() - t0 })
    rss = Math.max(rss, process.memoryUsage().rss)
    db.close()
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]
  return {
    rows: rowsWanted,
    file_mb: +(bytes.length / 1024 / 1024).toFixed(1),
    preview_ms_median: Math.round(med(times.map((t) => t.preview))),
    import_ms_median: Math.round(med(times.map((t) => t.import))),
    csv_preview_and_import_ms_median: Math.round(med(times.map((t) => t.csv))),
    peak_rss_mb: Math.round(rss / 1024 / 1024),
    target_ms: 15000
  }
}
