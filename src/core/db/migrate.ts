import type { Db } from './port'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './schema'
import { DomainError } from '../../shared/domain-error'
import { splitPending } from './migration-objects'

export class SchemaTooNewError extends DomainError {
  constructor(
    readonly fileVersion: number,
    readonly supported: number
  ) {
    super(
      'schema_too_new',
      `this project was written by a newer PriceLab (schema version ${fileVersion}; this version understands up to ${supported}). Update PriceLab to open it.`
    )
    this.name = 'SchemaTooNewError'
  }
}

export function currentSchemaVersion(db: Db): number {
  const has = db
    .prepare<{ n: number }>(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    )
    .get()
  if (!has || has.n === 0) return 0
  const row = db.prepare<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get()
  return row?.v ?? 0
}

export interface MigrationPlan {
  from: number
  to: number
  /** The migrations that will change the schema (a backup copy is due when any is). */
  pending: Migration[]
  /** Migrations above the recorded version whose objects are in the file already: only re-recorded. */
  recordOnly: Migration[]
}

/** What migrate() would do; lets the host write a backup copy first when an older file will change. */
export function planMigrations(db: Db, migrations: Migration[] = MIGRATIONS): MigrationPlan {
  const from = currentSchemaVersion(db)
  const to = migrations.length ? migrations[migrations.length - 1].version : 0
  if (from > to) throw new SchemaTooNewError(from, to)
  const { present, toApply } = splitPending(
    db,
    migrations.filter((m) => m.version > from)
  )
  return { from, to, pending: toApply, recordOnly: present }
}

/** Applies pending migrations, each in its own transaction, so a failure leaves the last good version. */
export function migrate(db: Db, migrations: Migration[] = MIGRATIONS): MigrationPlan {
  const plan = planMigrations(db, migrations)
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'
  )
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  if (plan.recordOnly.length)
    db.transaction(() => {
      for (const m of plan.recordOnly) record.run(m.version, m.name, new Date().toISOString())
    })
  for (const m of plan.pending) {
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    })
  }
  return plan
}

export { LATEST_SCHEMA_VERSION }
