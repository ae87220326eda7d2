import { describe, expect, it } from 'vitest'
import { chunks, newDb } from '../../../helpers'
import { importTransactions } from '../../../../src/core/data/import/aggregate/import-transactions'
import { previewPanel } from '../../../../src/core/data/import/aggregate/panel-preview'
import { readRecipe, RECIPE_FORMAT } from '../../../../src/core/data/import/aggregate/recipe-store'
import { aggregationSql } from '../../../../src/core/data/import/aggregate/sql'
import { findDataset } from '../../../../src/core/data/datasets'
import { CancelledError, CsvImportError } from '../../../../src/core/data/csv/errors'
import type { TransactionRecipeInput } from '../../../../src/shared/transactions'
import { tillRecipe } from './reference/till-log'

/** 2025-01-06 is a Monday, 2025-01-05 a Sunday. */
const LOG = [
  'sold_at,store,sku,brand,units,unit_price,list,on_feature,unit_cost',
  '2025-01-06 09:00:00,S1,A,Acme,2,2.00,2.50,0,1.00', // line 2
  '2025-01-07 10:00:00,S1,A,Acme,1,1.50,2.50,1,1.30', // line 3
  '2025-01-08 11:00:00,S1,A,Acme,-1,2.00,2.50,0,1.00', // line 4: a return, netted
  '2025-01-05 12:00:00,S1,A,Acme,4,2.50,2.50,0,1.00', // line 5: a Sunday, the week before (Monday weeks)
  '2025-01-06 09:30:00,S2,A,Acme,3,2.20,2.50,yes,1.10', // line 6
  '2025-01-13 09:30:00,S1,B,Brio,5,4.00,4.00,no,2.00', // line 7
  '2025-02-03 08:00:00,S1,B,Brio,1,3.00,4.00,1,2.00' // line 8
].join('\n')

const recipe = (over: Partial<TransactionRecipeInput> = {}) =>
  tillRecipe({ segments: ['brand'], cost: 'unit_cost', ...over })

type Row = Record<string, string | number | null>
const rows = (db: ReturnType<typeof newDb>, table: string) =>
  db.prepare<Row>(`SELECT * FROM ${table} ORDER BY rowid`).all()

describe('a transaction log becomes an item × period panel', () => {
  it('nets returns, weights prices by units, shares units on promotion, averages cost; period = the week’s first day', async () => {
    const db = newDb()
    const r = await importTransactions(db, chunks(LOG), 'log.csv', { name: 'panel', recipe: recipe() })
    expect(r).toMatchObject({ rows: 5, lines: 7, items: 3, periods: 4 })
    const got = rows(db, r.table)
    expect(got.map((x) => Object.keys(x))[0]).toEqual([
      'store',
      'sku',
      'item',
      'brand',
      'sold_at',
      'units',
      'unit_price',
      'on_feature',
      'unit_cost'
    ])
    // S1-A: first seen on line 2 (week of 2025-01-06), then the Sunday line of the week of 2024-12-30.
    expect(got[0]).toMatchObject({
      item: 'S1-A',
      sold_at: '2024-12-30',
      units: 4,
      unit_price: 2.5,
      on_feature: 0
    })
    // Week of 2025-01-06: 2 units at 2.00 and 1 unit at 1.50 (on feature), 1 returned: net 2, price (4 + 1.5) / 3.
    expect(got[1]).toMatchObject({ item: 'S1-A', sold_at: '2025-01-06', units: 2, brand: 'Acme' })
    expect(got[1].unit_price).toBeCloseTo(5.5 / 3, 12)
    expect(got[1].on_feature).toBeCloseTo(1 / 3, 12)
    expect(got[1].unit_cost).toBeCloseTo((2 * 1.0 + 1 * 1.3) / 3, 12)
    expect(got[2]).toMatchObject({
      item: 'S2-A',
      sold_at: '2025-01-06',
      units: 3,
      unit_price: 2.2,
      on_feature: 1
    })
    expect(got[3]).toMatchObject({
      item: 'S1-B',
      sold_at: '2025-01-13',
      units: 5,
      unit_price: 4,
      on_feature: 0
    })
    expect(got[4]).toMatchObject({
      item: 'S1-B',
      sold_at: '2025-02-03',
      units: 1,
      unit_price: 3,
      on_feature: 1
    })
    const ds = findDataset(db, 'panel')
    expect(ds?.roles).toEqual({
      item: 'item',
      segments: ['brand'],
      period: 'sold_at',
      price: 'unit_price',
      quantity: 'units',
      features: ['on_feature'],
      cost: 'unit_cost'
    })
    expect(ds?.columns.find((c) => c.name === 'sold_at')?.type).toBe('date')
  })

  it('week start, day and month buckets, and a list-price column', async () => {
    const sunday = await previewPanel(chunks(LOG), 'log.csv', recipe({ week_start: 'sunday' }))
    // Sunday weeks: the Sunday line joins the week of 2025-01-05 with lines 2–4.
    expect(sunday.rows).toBe(4)
    expect(sunday.head[0]).toEqual([
      'S1',
      'A',
      'S1-A',
      'Acme',
      '2025-01-05',
      6,
      (4 * 2.5 + 4 + 1.5) / 7,
      1 / 7,
      (4 + 2 + 1.3) / 7
    ])
    const month = await previewPanel(chunks(LOG), 'log.csv', recipe({ bucket: 'month' }))
    expect(month.head.map((h) => [h[2], h[4], h[5]])).toEqual([
      ['S1-A', '2025-01-01', 6],
      ['S2-A', '2025-01-01', 3],
      ['S1-B', '2025-01-01', 5],
      ['S1-B', '2025-02-01', 1]
    ])
    const list = await previewPanel(chunks(LOG), 'log.csv', recipe({ list_price: 'list' }))
    expect(list.columns.map((c) => c.name)).toContain('list')
    expect(list.roles.price).toBe('list')
    expect(list.head[1][6]).toBe(2.5)
  })

  it('a return that cannot be netted (no sale of the item that day) is refused with its line; nothing is written', async () => {
    const db = newDb()
    const err = await importTransactions(db, chunks(LOG), 'log.csv', {
      name: 'daily',
      recipe: recipe({ bucket: 'day' })
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CsvImportError)
    const issues = (err as CsvImportError).issues
    expect(issues.map((i) => [i.file, i.line, i.column, i.columnName])).toEqual([['log.csv', 4, 5, 'units']])
    expect(issues[0].message).toMatch(/store S1, sku A, day of 2025-01-08 has net units -1/)
    expect(findDataset(db, 'daily')).toBeNull()
    expect(readRecipe(db, 'daily')).toBeNull()
  })

  it('bad values are reported with line and column (up to the limit), and nothing is written', async () => {
    const db = newDb()
    const bad = LOG.replace('S2,A,Acme,3,2.20', 'S2,A,Acme,three,2.20').replace(
      '2025-01-13 09:30:00',
      '13/01/2025'
    )
    const err = (await importTransactions(db, chunks(bad), 'log.csv', { name: 'p', recipe: recipe() }).catch(
      (e: unknown) => e
    )) as CsvImportError
    expect(err).toBeInstanceOf(CsvImportError)
    expect(err.issues.map((i) => [i.line, i.column, i.columnName])).toEqual([
      [6, 5, 'units'],
      [7, 1, 'sold_at']
    ])
    expect(findDataset(db, 'p')).toBeNull()
  })

  it('a missing recipe column names the column and the log’s columns', async () => {
    const err = (await previewPanel(chunks(LOG), 'log.csv', recipe({ cost: 'margin' })).catch(
      (e: unknown) => e
    )) as CsvImportError
    expect(err.issues[0].message).toMatch(
      /the cost column "margin" is not in the log \(its columns: sold_at, store/
    )
  })

  it('remembers its recipe (versioned, validated on read) and can be rebuilt from the grown log', async () => {
    const db = newDb()
    await importTransactions(db, chunks(LOG), 'log.csv', { name: 'panel', recipe: recipe() })
    const saved = readRecipe(db, 'panel')
    expect(saved).toMatchObject({ source_file: 'log.csv', lines: 7, rows: 5, recipe: recipe() })
    const raw = db
      .prepare<{ value: string }>("SELECT value FROM project_meta WHERE key = 'dataset_recipe:panel'")
      .get()
    expect(JSON.parse(raw?.value ?? '{}').format_version).toBe(RECIPE_FORMAT.version)
    const grown = LOG + '\n2025-02-10 08:00:00,S1,B,Brio,2,3.50,4.00,0,2.00'
    const again = await importTransactions(db, chunks(grown), 'log.csv', {
      name: 'panel',
      replace: true,
      recipe: (saved ?? { recipe: recipe() }).recipe
    })
    expect(again.rows).toBe(6)
    expect(findDataset(db, 'panel')?.version).toBe(2)
    // A recipe from a newer PriceLab, or one that lost a field, is refused rather than guessed.
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'dataset_recipe:panel'").run(
      JSON.stringify({ ...JSON.parse(raw?.value ?? '{}'), format_version: 99 })
    )
    expect(() => readRecipe(db, 'panel')).toThrow(/newer PriceLab/)
    const { recipe: _r, ...broken } = JSON.parse(raw?.value ?? '{}')
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'dataset_recipe:panel'").run(
      JSON.stringify(broken)
    )
    expect(() => readRecipe(db, 'panel')).toThrow(/cannot be read: recipe/)
  })

  it('reports progress, and a cancel writes nothing', async () => {
    const db = newDb()
    const big = [
      LOG,
      ...Array.from({ length: 3000 }, (_, k) => `2025-01-06 09:00:00,S${k % 50},A,Acme,1,2.00,2.50,0,1.00`)
    ].join('\n')
    const seen: number[] = []
    const signal = { aborted: false }
    const err = await importTransactions(
      db,
      chunks(big, 4096),
      'log.csv',
      { name: 'p', recipe: recipe() },
      {
        signal,
        onProgress: (bytes) => {
          seen.push(bytes)
          if (bytes > 20_000) signal.aborted = true
        }
      }
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CancelledError)
    expect(seen.length).toBeGreaterThan(2)
    expect(findDataset(db, 'p')).toBeNull()
  })

  it('--print-sql: the same aggregation as one ANSI/DuckDB statement', () => {
    const sql = aggregationSql(recipe(), 'sales.parquet')
    expect(sql).toContain(
      `FROM (SELECT *, CAST("sold_at" AS DATE) AS sale_day FROM read_parquet('sales.parquet')) AS sales_lines`
    )
    expect(sql).toMatch(/SUM\("units"\) AS "units"/)
    expect(sql).toMatch(
      /GROUP BY "store", "sku", CAST\(sale_day - CAST\(MOD\(CAST\(EXTRACT\(DOW FROM sale_day\) AS INTEGER\) - 1 \+ 7, 7\)/
    )
    expect(aggregationSql(recipe({ bucket: 'month' }), 'sales.csv')).toContain(
      "CAST(DATE_TRUNC('month', sale_day) AS DATE)"
    )
  })
})
