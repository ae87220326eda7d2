import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openSqlite } from '../../../src/backend/sqlite'
import { ProjectSession } from '../../../src/backend/project'
import {
  LATEST_SCHEMA_VERSION,
  SchemaTooNewError,
  currentSchemaVersion,
  migrate
} from '../../../src/core/db/migrate'
import type { Migration } from '../../../src/core/db/schema'
import { migrationObjects } from '../../../src/core/db/migration-objects'
import { MIGRATIONS } from '../../../src/core/db/schema'
import { sha256, tempDir } from '../../helpers'

describe('migrations', () => {
  it('brings a new file to the latest version once', () => {
    const db = openSqlite(join(tempDir(), 'a.pricelab'))
    expect(migrate(db).pending).toHaveLength(MIGRATIONS.length)
    expect(currentSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(migrate(db).pending).toHaveLength(0)
    expect(db.pragma('foreign_keys')).toEqual([{ foreign_keys: 1 }])
  })

  it('applies only the pending forward migrations', () => {
    const db = openSqlite(join(tempDir(), 'b.pricelab'))
    migrate(db)
    const next: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'add note',
        sql: 'ALTER TABLE courses ADD COLUMN note TEXT'
      }
    ]
    expect(migrate(db, next).pending.map((m) => m.version)).toEqual([LATEST_SCHEMA_VERSION + 1])
    expect(
      db.prepare("SELECT count(*) AS n FROM pragma_table_info('courses') WHERE name = 'note'").get()
    ).toEqual({ n: 1 })
  })

  it('refuses a project written by a newer PriceLab, leaving it untouched', () => {
    const dir = tempDir()
    const path = join(dir, 'new.pricelab')
    const db = openSqlite(path)
    migrate(db)
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(99, 'future', '2030-01-01')
    db.close()
    const before = sha256(path)
    expect(() => ProjectSession.open(path, { create: false })).toThrow(SchemaTooNewError)
    expect(() => ProjectSession.open(path, { create: false })).toThrow(/newer PriceLab \(schema version 99/)
    expect(sha256(path)).toBe(before)
  })

  it('refuses an SQLite file that is not a PriceLab project', () => {
    const path = join(tempDir(), 'other.db')
    const db = openSqlite(path)
    db.exec('CREATE TABLE t (x)')
    db.close()
    expect(() => ProjectSession.open(path, { create: false })).toThrow(/not a PriceLab project/)
  })

  it('writes a backup copy before migrating an older project', () => {
    const dir = tempDir()
    const path = join(dir, 'old.pricelab')
    ProjectSession.open(path, { create: true }).close()
    const before = sha256(path)
    const next: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        name: 'add note',
        sql: 'ALTER TABLE courses ADD COLUMN note TEXT'
      }
    ]
    const s = ProjectSession.open(path, { create: false, migrations: next })
    expect(s.backupPath).toBe(`${path}.v${LATEST_SCHEMA_VERSION}.bak`)
    expect(existsSync(s.backupPath!)).toBe(true)
    expect(sha256(s.backupPath!)).toBe(before)
    expect(currentSchemaVersion(s.writer)).toBe(LATEST_SCHEMA_VERSION + 1)
    s.close()
  })
})

describe('what a migration creates (the repair of a deleted record reads it)', () => {
  it('every migration only creates tables and indexes and adds columns, each read by migrationObjects', () => {
    for (const m of MIGRATIONS) {
      const statements = m.sql
        .replace(/--.*$/gm, '')
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean)
      for (const st of statements)
        expect(st).toMatch(/^(CREATE (TABLE|INDEX) \w+|ALTER TABLE \w+ ADD COLUMN \w+)/)
      expect(migrationObjects(m)).toHaveLength(statements.length)
    }
  })
})
