import { describe, expect, it } from 'vitest'
import { utils, write } from '@e965/xlsx'
import { importCsv } from '../../../../src/core/data/import/import-csv'
import { previewCsv } from '../../../../src/core/data/import/preview'
import { DatasetExistsError } from '../../../../src/core/data/import/plan'
import { guessRoles } from '../../../../src/core/data/import/roles'
import { missingRoles, rolesFromColumns } from '../../../../src/shared/data/roles'
import { isZip } from '../../../../src/core/data/import/xlsx-limits'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { chunks, newDb } from '../../../helpers'
import type { Db } from '../../../../src/core/db/port'
import type { ImportPlan } from '../../../../src/shared/data/calls'
import type { CsvPreview } from '../../../../src/shared/data/results'

function planOf(p: CsvPreview, name = 'sales', extra: Partial<ImportPlan> = {}): ImportPlan {
  const cols = p.columns.map((c, i) => ({ target: c.name, role: p.roles[i] }))
  return {
    target: { kind: 'dataset', name, roles: rolesFromColumns(cols) },
    columns: p.columns.map((c) => ({ source: c.name, target: c.name, type: c.type })),
    delimiter: p.delimiter,
    decimal: p.decimal,
    encoding: p.format === 'csv' ? p.encoding.encoding : undefined,
    sheet: p.sheet,
    ...extra
  }
}

async function load(bytes: Uint8Array, name = 'sales', file = 'f.csv'): Promise<{ db: Db; p: CsvPreview }> {
  const db = newDb()
  const p = await previewCsv(chunks(bytes, 1 << 16), file)
  await importCsv(db, chunks(bytes, 1 << 16), file, planOf(p, name))
  return { db, p }
}

const all = (db: Db, sql: string) => db.prepare<Record<string, unknown>>(sql).all()

describe('encodings (issue 16: Latin-1/Windows-1252/UTF-16 transcoded, not refused)', () => {
  it('a Latin-1 file is detected, transcoded and stored as UTF-8', async () => {
    // "Café Müller" and "Crème" in ISO-8859-1, semicolons as a German Excel writes them.
    const latin1 = Uint8Array.from(
      Array.from('name;price\nCafé Müller;1,5\nCrème;2\n', (c) => c.charCodeAt(0))
    )
    const { db, p } = await load(latin1)
    expect(p.encoding).toEqual({ encoding: 'windows-1252', reason: 'invalid-utf8' })
    expect(p.columns[0].examples).toContain('Café Müller')
    expect(all(db, 'SELECT name, price FROM ds_sales')).toEqual([
      { name: 'Café Müller', price: 1.5 },
      { name: 'Crème', price: 2 }
    ])
  })

  it('Windows-1252 bytes 0x80-0x9F become €, ‘ ’ and friends (not Latin-1 control codes)', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('label\n'), 0x80, 0x20, 0x91, 0x78, 0x92, 0x0a])
    const { db } = await load(bytes)
    expect(all(db, 'SELECT label FROM ds_sales')).toEqual([{ label: '€ ‘x’' }])
  })

  it.each([
    ['utf-16le', 'le'],
    ['utf-16be', 'be']
  ] as const)('a %s file with a byte-order mark is transcoded', async (enc, order) => {
    const text = 'sku,price\nKüche,1.25\n'
    const units = Array.from(text, (c) => c.charCodeAt(0))
    const bytes = new Uint8Array([
      ...(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]),
      ...units.flatMap((u) => (order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]))
    ])
    const { db, p } = await load(bytes)
    expect(p.encoding).toEqual({ encoding: enc, reason: 'bom' })
    expect(all(db, 'SELECT sku, price FROM ds_sales')).toEqual([{ sku: 'Küche', price: 1.25 }])
  })

  it('UTF-8 stays UTF-8; a Latin-1 byte after the first chunk names the encoding to choose', async () => {
    const { p } = await load(new TextEncoder().encode('name\nCafé\n'))
    expect(p.encoding.encoding).toBe('utf-8')
    const late = new Uint8Array([...new TextEncoder().encode('name\n' + 'a\n'.repeat(40000)), 0xe9, 0x0a])
    const db = newDb()
    const plan: ImportPlan = { target: { kind: 'dataset', name: 'x', roles: {} } }
    const err = await importCsv(db, chunks(late, 1 << 16), 'late.csv', plan).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CsvImportError)
    expect((err as Error).message).toMatch(/late\.csv:40002:1.*choose the encoding Windows-1252/)
    // Chosen explicitly, the same file imports.
    const ok = await importCsv(db, chunks(late, 1 << 16), 'late.csv', { ...plan, encoding: 'windows-1252' })
    expect(ok.rows).toBe(40001)
  })
})

function workbook(sheets: Record<string, unknown[][]>): Uint8Array {
  const wb = utils.book_new()
  for (const [name, rows] of Object.entries(sheets))
    utils.book_append_sheet(wb, utils.aoa_to_sheet(rows), name)
  return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
}

describe('Excel workbooks (issue 16)', () => {
  const rows = [
    ['item', 'brand', 'week', 'price', 'units'],
    ['S01-SUN', 'Sunvale', new Date(Date.UTC(2024, 0, 1)), 3.99, 210],
    ['S01-ORC', 'Orchard', new Date(Date.UTC(2024, 0, 8)), 3.49, 340]
  ]
  const xlsx = workbook({ Notes: [['exported from the till']], Sales: rows, Other: [['a'], [1]] })

  it('is recognised by content, even renamed .csv, and previews the sheet with the most rows', async () => {
    expect(isZip(xlsx)).toBe(true)
    const p = await previewCsv(chunks(xlsx, 1 << 16), 'sales.csv')
    expect(p.format).toBe('xlsx')
    expect(p.sheets).toEqual(['Notes', 'Sales', 'Other'])
    expect(p.sheet).toBe('Sales')
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['item', 'text'],
      ['brand', 'text'],
      ['week', 'date'],
      ['price', 'number'],
      ['units', 'integer']
    ])
    expect(p.roles).toEqual(['item', 'segment', 'period', 'price', 'quantity'])
  })

  it('imports the chosen sheet with dates as YYYY-MM-DD and exact numbers', async () => {
    const { db } = await load(xlsx, 'retail', 'sales.xlsx')
    expect(all(db, 'SELECT * FROM ds_retail')).toEqual([
      { item: 'S01-SUN', brand: 'Sunvale', week: '2024-01-01', price: 3.99, units: 210 },
      { item: 'S01-ORC', brand: 'Orchard', week: '2024-01-08', price: 3.49, units: 340 }
    ])
    const p = await previewCsv(chunks(xlsx, 1 << 16), 'sales.xlsx', { sheet: 'Other' })
    expect(p.header).toEqual(['a'])
  })

  it('a problem points at the sheet row; an unknown sheet lists the sheets', async () => {
    const bad = workbook({
      S: [
        ['sku', 'price'],
        ['A', 1],
        ['B', 'n/a?']
      ]
    })
    const db = newDb()
    const plan: ImportPlan = {
      target: { kind: 'dataset', name: 'b', roles: {} },
      columns: [
        { source: 'sku', target: 'sku', type: 'text' },
        { source: 'price', target: 'price', type: 'number' }
      ]
    }
    const err = (await importCsv(db, chunks(bad), 'b.xlsx', plan).catch((e: unknown) => e)) as CsvImportError
    expect(err.issues[0]).toMatchObject({ line: 3, column: 2, found: 'n/a?' })
    const e2 = await previewCsv(chunks(bad), 'b.xlsx', { sheet: 'Nope' }).catch((e: unknown) => e)
    expect((e2 as Error).message).toMatch(/no sheet named "Nope"; its sheets are "S"/)
  })

  it('a zip that is not a workbook is refused in plain words', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(60)])
    const err = await previewCsv(chunks(zip), 'x.csv').catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/workbook is incomplete.*save the sheet as CSV UTF-8/)
  })
})

describe('role guessing (issue 16)', () => {
  const g = (cols: [string, 'integer' | 'number' | 'date' | 'text'][]) =>
    guessRoles(cols.map(([name, type]) => ({ name, type })))

  it('reads the names analysts use', () => {
    expect(
      g([
        ['store', 'text'],
        ['brand', 'text'],
        ['item', 'text'],
        ['week', 'date'],
        ['price', 'number'],
        ['quantity', 'integer'],
        ['feature', 'integer'],
        ['display', 'integer']
      ])
    ).toEqual(['none', 'segment', 'item', 'period', 'price', 'quantity', 'feature', 'feature'])
    expect(
      g([
        ['SKU', 'text'],
        ['Category', 'text'],
        ['Date', 'date'],
        ['Unit Price', 'number'],
        ['Unit Cost', 'number'],
        ['Qty', 'integer'],
        ['Competitor Price', 'number']
      ])
    ).toEqual(['item', 'segment', 'period', 'price', 'cost', 'quantity', 'competitor'])
    expect(
      g([
        ['UPC', 'integer'],
        ['WEEK', 'integer'],
        ['PRICE', 'number'],
        ['MOVE', 'integer'],
        ['productId', 'text']
      ])
    ).toEqual(['item', 'period', 'price', 'quantity', 'none'])
  })

  it('uses the type: a text "price" or a numeric "brand" is not guessed', () => {
    expect(
      g([
        ['price', 'text'],
        ['brand', 'integer'],
        ['sales', 'number'],
        ['sales_2', 'number']
      ])
    ).toEqual(['none', 'none', 'quantity', 'none'])
  })

  it('says what a missing role disables, required ones first', () => {
    const m = missingRoles({ item: 'sku', price: 'p' })
    expect(m[0].role).toBe('quantity')
    expect(m.find((x) => x.role === 'period')?.info.whenMissing).toMatch(/no time holdout.*today’s price/)
    expect(m.map((x) => x.role)).not.toContain('item')
  })
})

describe('a dataset name already in the project (issue 16)', () => {
  it('is a DatasetExistsError before any reading, and replace: true replaces', async () => {
    const text = new TextEncoder().encode('sku,price\nA,1\n')
    const { db, p } = await load(text, 'sales')
    const err = await importCsv(db, chunks('sku,price\nB,2\n'), 'g.csv', planOf(p, 'sales')).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DatasetExistsError)
    expect((err as Error).message).not.toMatch(/line|:1:1/)
    expect(all(db, 'SELECT sku FROM ds_sales')).toEqual([{ sku: 'A' }])
    const plan = planOf(p, 'sales')
    if (plan.target.kind === 'dataset') plan.target.replace = true
    await importCsv(db, chunks('sku,price\nB,2\n'), 'g.csv', plan)
    expect(all(db, 'SELECT sku FROM ds_sales')).toEqual([{ sku: 'B' }])
  })
})
