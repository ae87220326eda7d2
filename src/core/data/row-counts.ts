import type { Db } from '../db/port'
import { countRows } from './import/table-columns'

/**
 * Row counts kept per connection until the file changes: `data:tables` must not COUNT(*) a 10-million-row
 * table on every call (~100 ms). The stamp changes when another connection commits (SQLite's `data_version`)
 * or this one writes (`total_changes()`), and then every count is taken again.
 */
const cache = new WeakMap<Db, { stamp: string; counts: Map<string, number> }>()

function stampOf(db: Db): string {
  const v = db.prepare<{ data_version: number }>('PRAGMA data_version').get()
  const c = db.prepare<{ c: number }>('SELECT total_changes() AS c').get()
  return `${v?.data_version ?? 0}:${c?.c ?? 0}`
}

/** The table's row count, counted once per state of the file. */
export function cachedRowCount(db: Db, table: string): number {
  const stamp = stampOf(db)
  let entry = cache.get(db)
  if (!entry || entry.stamp !== stamp) cache.set(db, (entry = { stamp, counts: new Map() }))
  let n = entry.counts.get(table)
  if (n === undefined) entry.counts.set(table, (n = countRows(db, table)))
  return n
}
