import { quoteIdent, type Db } from '../db/port'
import { UTF8_BOM, csvLine } from './csv/writer'
import { knownTable } from './tables'

const EXPORT_BATCH = 5000

export interface ExportOptions {
  /** Start with a UTF-8 byte order mark so Excel reads accents right. */
  bom?: boolean
  delimiter?: ',' | ';' | '\t'
}

/**
 * Streams a table as RFC 4180 CSV with formula-neutralized text, in batches of
 * rows so memory stays flat. `write` may return a promise to apply back-pressure.
 */
export async function exportTableCsv(
  db: Db,
  table: string,
  write: (chunk: string) => void | Promise<void>,
  opts: ExportOptions = {}
): Promise<{ rows: number; table: string }> {
  const t = knownTable(db, table)
  const d = opts.delimiter ?? ','
  const names = t.columns.map((c) => c.name)
  let chunk = (opts.bom ? UTF8_BOM : '') + csvLine(names, d)
  let rows = 0
  // Batches rather than one open cursor: awaiting `write` lets other calls use the connection in between.
  const page = db.prepare(
    `SELECT ${names.map(quoteIdent).join(', ')} FROM ${quoteIdent(t.name)} LIMIT ? OFFSET ?`
  )
  for (;;) {
    const batch = [...page.raw(EXPORT_BATCH, rows)]
    for (const r of batch) chunk += csvLine(r, d)
    rows += batch.length
    if (chunk.length > 1 << 16 || batch.length < EXPORT_BATCH) {
      await write(chunk)
      chunk = ''
    }
    if (batch.length < EXPORT_BATCH) break
  }
  if (chunk) await write(chunk)
  return { rows, table: t.name }
}
