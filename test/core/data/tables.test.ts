import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { queryRows, listTables } from '../../../src/core/data/tables'
import { summarizeTable } from '../../../src/core/data/summaries'
import { exportTableCsv } from '../../../src/core/data/export-csv'
import { importCsv } from '../../../src/core/data/import/import-csv'
import { chunks } from '../../helpers'
import { SEED_TABLES } from '../../../src/shared/data'

describe('table queries', () => {
  const db = newDb()
  generateSampleData(db, { seed: 11, scale: 0.05 })

  it('pages, sorts and filters in SQL', () => {
    const all = queryRows(db, {
      table: 'courses',
      offset: 0,
      limit: 5,
      sort: { column: 'token_price', direction: 'desc' }
    })
    expect(all.total).toBe(100)
    const k = all.columns.findIndex((c) => c.name === 'token_price')
    const prices = all.rows.map((r) => r[k] as number)
    expect(prices).toEqual([...prices].sort((a, b) => b - a))
    const f = queryRows(db, {
      table: 'courses',
      offset: 0,
      limit: 1000,
      filters: [
        { column: 'category', op: 'eq', value: 'Music' },
        { column: 'token_price', op: 'gt', value: '50' }
      ]
    })
    const direct = db
      .prepare<{ n: number }>(
        "SELECT count(*) AS n FROM courses WHERE category = 'Music' AND token_price > 50"
      )
      .get()!.n
    expect(f.total).toBe(direct)
  })

  it('refuses unknown tables and columns instead of building SQL from them', () => {
    expect(() => queryRows(db, { table: 'sqlite_master', offset: 0, limit: 1 })).toThrow(/unknown table/)
    expect(() =>
      queryRows(db, { table: 'courses', offset: 0, limit: 1, sort: { column: 'x; DROP', direction: 'asc' } })
    ).toThrow(/table courses has no column "x; DROP" \(its columns: /)
  })

  it('summaries: histogram counts add up to the non-missing values', () => {
    const s = summarizeTable(db, 'learners')
    for (const c of s.columns.filter((x) => x.type === 'integer' || x.type === 'number')) {
      expect(c.histogram.reduce((a, h) => a + h.count, 0)).toBe(c.count)
    }
    const country = s.columns.find((c) => c.name === 'country')!
    expect(country.top.length).toBeGreaterThan(0)
  })

  it('export then import gives back every seed table exactly', async () => {
    const target = newDb()
    // Parents before children so references resolve.
    const order = [
      'teachers',
      'courses',
      'learners',
      'enrollments',
      'token_transactions',
      'platform_metrics',
      'course_price_history'
    ] as const
    expect([...order].sort()).toEqual([...SEED_TABLES].sort())
    for (const t of order) {
      let csv = ''
      await exportTableCsv(db, t, (c) => void (csv += c), { bom: true })
      await importCsv(target, chunks(csv, 4096), `${t}.csv`, {
        target: { kind: 'table', table: t, mode: 'append' }
      })
      const q = `SELECT * FROM ${t} ORDER BY 1, 2`
      expect(target.prepare(q).all()).toEqual(db.prepare(q).all())
    }
    expect(listTables(target).find((t) => t.name === 'enrollments')!.rows).toBe(2500)
  })
})
