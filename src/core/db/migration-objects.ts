import type { Db } from './port'
import type { Migration } from './schema'
import { DomainError } from '../../shared/domain-error'

/** What a migration adds to the schema: tables, indexes, and columns of existing tables. */
type SchemaObject =
  { kind: 'table' | 'index'; name: string } | { kind: 'column'; table: string; name: string }

/**
 * The objects a migration creates, read from its SQL. Migrations only CREATE TABLE, CREATE INDEX and
 * ALTER TABLE … ADD COLUMN (a test holds every migration to that), so these three forms are all there is.
 */
export function migrationObjects(m: Migration): SchemaObject[] {
  const out: SchemaObject[] = []
  for (const x of m.sql.matchAll(/CREATE\s+(TABLE|INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi))
    out.push({ kind: x[1].toLowerCase() as 'table' | 'index', name: x[2] })
  for (const x of m.sql.matchAll(/ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/gi))
    out.push({ kind: 'column', table: x[1], name: x[2] })
  return out
}

function exists(db: Db, o: SchemaObject): boolean {
  if (o.kind === 'column')
    return db
      .prepare<{ name: string }>('SELECT name FROM pragma_table_info(?)')
      .all(o.table)
      .some((c) => c.name === o.name)
  return !!db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(o.kind, o.name)
}

function describe(o: SchemaObject): string {
  return o.kind === 'column' ? `column ${o.table}.${o.name}` : `${o.kind} ${o.name}`
}

/**
 * Splits the migrations above the file's recorded version into those whose objects are already in the
 * file (a record row was deleted by hand or by a tool: only the record is missing, so the row is written
 * again, nothing is re-run and no backup is needed) and those to apply. A migration that is half there
 * cannot be told apart from a damaged file: refused once, before anything is written or copied.
 */
export function splitPending(db: Db, pending: Migration[]): { present: Migration[]; toApply: Migration[] } {
  const present: Migration[] = []
  const toApply: Migration[] = []
  for (const m of pending) {
    const objects = migrationObjects(m)
    const found = objects.filter((o) => exists(db, o))
    if (objects.length > 0 && found.length === objects.length) present.push(m)
    else if (found.length === 0) toApply.push(m)
    else {
      const missing = objects.filter((o) => !found.includes(o))
      throw new DomainError(
        'invalid_input',
        `the project's schema is damaged: migration ${m.version} (${m.name}) is not recorded and only partly present (${found.map(describe).join(', ')} exist; ${missing.map(describe).join(', ')} missing). Nothing was changed: restore the project from a backup copy`
      )
    }
  }
  return { present, toApply }
}
