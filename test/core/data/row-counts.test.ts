import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { newDb, tempDir } from '../../helpers'
import { openSqlite } from '../../../src/backend/sqlite'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { listTables } from '../../../src/core/data/tables'
import type { Db } from '../../../src/core/db/port'

/** Counts the COUNT(*) statements a connection prepares. */
function countingCounts(db: Db): { db: Db; counts: () => number } {
  let n = 0
  const spied: Db = Object.create(db) as Db
  spied.prepare = ((sql: string) => {
    if (/count\(\*\)/i.test(sql)) n++
    return db.prepare(sql)
  }) as Db['prepare']
  return { db: spied, counts: () => n }
}

const rowsOf = (db: Db) => Object.fromEntries(listTables(db).map((t) => [t.name, t.rows]))

describe('data:tables row counts', () => {
  it('counts each table once per state of the file, and again after any write', () => {
    const dir = tempDir()
    const writer = newDb(dir)
    generateSampleData(writer, { seed: 5, scale: 0.05 })
    const reader = countingCounts(openSqlite(join(dir, 'p.pricelab'), { readonly: true, mustExist: true }))
    const first = rowsOf(reader.db)
    const counted = reader.counts()
    expect(counted).toBeGreaterThan(0)
    // A second listing of the unchanged file counts nothing again.
    expect(rowsOf(reader.db)).toEqual(first)
    expect(reader.counts()).toBe(counted)
    const direct = (t: string) => writer.prepare<{ n: number }>(`SELECT count(*) AS n FROM ${t}`).get()!.n
    expect(first.courses).toBe(direct('courses'))
    // Another connection commits: the counts are taken again and are right.
    writer.exec('DELETE FROM enrollments WHERE rowid % 2 = 0')
    const after = rowsOf(reader.db)
    expect(reader.counts()).toBeGreaterThan(counted)
    expect(after.enrollments).toBe(direct('enrollments'))
    expect(after.enrollments).toBeLessThan(first.enrollments)
  })

  it('sees the writes of its own connection', () => {
    const db = newDb()
    generateSampleData(db, { seed: 5, scale: 0.05 })
    const before = rowsOf(db).enrollments
    db.exec('DELETE FROM enrollments WHERE rowid % 3 = 0')
    const now = db.prepare<{ n: number }>('SELECT count(*) AS n FROM enrollments').get()!.n
    expect(now).toBeLessThan(before)
    expect(rowsOf(db).enrollments).toBe(now)
  })
})

/** Counts every statement a connection prepares. */
function countingPrepares(db: Db): { db: Db; prepared: () => number } {
  let n = 0
  const spied: Db = Object.create(db) as Db
  spied.prepare = ((sql: string) => {
    n++
    return db.prepare(sql)
  }) as Db['prepare']
  return { db: spied, prepared: () => n }
}

describe('data:tables on an unchanged file', () => {
  it('answers from its last listing, preparing no statement at all', () => {
    const dir = tempDir()
    const writer = newDb(dir)
    generateSampleData(writer, { seed: 5, scale: 0.05 })
    const reader = countingPrepares(openSqlite(join(dir, 'p.pricelab'), { readonly: true, mustExist: true }))
    const first = listTables(reader.db)
    const prepared = reader.prepared()
    for (let k = 0; k < 3; k++) expect(listTables(reader.db)).toEqual(first)
    expect(reader.prepared()).toBe(prepared)
  })

  it('lists a column another connection or its own adds (a schema change without a row written)', () => {
    const dir = tempDir()
    const writer = newDb(dir)
    generateSampleData(writer, { seed: 5, scale: 0.05 })
    const reader = openSqlite(join(dir, 'p.pricelab'), { readonly: true, mustExist: true })
    const columnsOf = (db: Db) =>
      listTables(db)
        .find((t) => t.name === 'courses')!
        .columns.map((c) => c.name)
    expect(columnsOf(reader)).not.toContain('shelf_note')
    expect(columnsOf(writer)).not.toContain('shelf_note')
    writer.exec('ALTER TABLE courses ADD COLUMN shelf_note TEXT')
    expect(columnsOf(reader)).toContain('shelf_note')
    expect(columnsOf(writer)).toContain('shelf_note')
  })
})
