import type { Db, Statement } from '../db/port'
import { countRows } from './import/table-columns'

/**
 * Row counts kept per connection until the file changes: `data:tables` must not COUNT(*) a 10-million-row
 * table on every call (~100 ms). The stamp changes when another connection commits (SQLite's `data_version`)
 * or this one writes (`total_changes()`) or changes the schema (`schema_version`), and then every count is
 * taken again.
 */
const cache = new WeakMap<Db, { stamp: string; counts: Map<string, number> }>()

/** The stamp's statement, prepared once per connection (compiling it was most of a listing's cost). */
const stampStatements = new WeakMap<Db, Statement<{ d: number; c: number; s: number }>>()

/** Changes whenever the file may have: another connection committed, or this one wrote or altered a table. */
export function fileStamp(db: Db): string {
  let st = stampStatements.get(db)
  if (!st) {
    st = db.prepare<{ d: number; c: number; s: number }>(
      'SELECT d.data_version AS d, total_changes() AS c, s.schema_version AS s FROM pragma_data_version AS d, pragma_schema_version AS s'
    )
    stampStatements.set(db, st)
  }
  const r = st.get()
  return `${r?.d ?? 0}:${r?.c ?? 0}:${r?.s ?? 0}`
}

/** The table's row count, counted once per state of the file (`stamp`: the file's, when the caller has it). */
export function cachedRowCount(db: Db, table: string, stamp = fileStamp(db)): number {
  let entry = cache.get(db)
  if (!entry || entry.stamp !== stamp) cache.set(db, (entry = { stamp, counts: new Map() }))
  let n = entry.counts.get(table)
  if (n === undefined) entry.counts.set(table, (n = countRows(db, table)))
  return n
}
