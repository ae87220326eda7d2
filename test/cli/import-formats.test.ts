import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { utils, write } from '@e965/xlsx'
import { cli, tempDir, writeFile } from '../helpers'

function rows(db: string, sql: string): unknown[] {
  const d = new Database(db, { readonly: true })
  try {
    return d.prepare(sql).all()
  } finally {
    d.close()
  }
}

describe('pricelab import: workbooks and encodings (issue 16)', () => {
  it('imports the named sheet of an .xlsx, and a Latin-1 CSV (guessed, or --encoding)', async () => {
    const dir = tempDir()
    const wb = utils.book_new()
    utils.book_append_sheet(wb, utils.aoa_to_sheet([['note'], ['x'], ['y'], ['z']]), 'Notes')
    utils.book_append_sheet(
      wb,
      utils.aoa_to_sheet([
        ['sku', 'price', 'units'],
        ['A', 1.5, 3]
      ]),
      'Sales'
    )
    const xlsx = writeFile(
      dir,
      'sales.xlsx',
      new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
    )
    const db = join(dir, 'p.pricelab')
    const r = await cli(
      'import',
      '--db',
      db,
      '--dataset',
      'sales',
      '--sheet',
      'Sales',
      '--price',
      'price',
      '--quantity',
      'units',
      '--json',
      xlsx
    )
    expect(r.code).toBe(0)
    expect(rows(db, 'SELECT * FROM ds_sales')).toEqual([{ sku: 'A', price: 1.5, units: 3 }])
    const latin = writeFile(dir, 'ventes.csv', Buffer.from('article;prix\nCafé;2,5\n', 'latin1'))
    expect((await cli('import', '--db', db, '--dataset', 'ventes', latin)).code).toBe(0)
    expect((await cli('import', '--db', db, '--dataset', 'v2', '--encoding', 'latin-1', latin)).code).toBe(0)
    expect(rows(db, 'SELECT article, prix FROM ds_v2')).toEqual([{ article: 'Café', prix: 2.5 }])
    const bad = await cli('import', '--db', db, '--dataset', 'v3', '--encoding', 'ebcdic', latin)
    expect(bad.code).not.toBe(0)
    expect(bad.err).toMatch(/--encoding must be one of utf-8, windows-1252/)
    const taken = await cli('import', '--db', db, '--dataset', 'ventes', latin)
    expect(taken.err).toMatch(/a dataset named "ventes" already exists/)
    expect(taken.err).not.toMatch(/:1:1/)
  }, 60_000)
})
