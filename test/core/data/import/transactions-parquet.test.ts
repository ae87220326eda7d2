import { describe, expect, it } from 'vitest'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { join } from 'node:path'
import { chunks, newDb, tempDir, writeFile } from '../../../helpers'
import { importTransactions } from '../../../../src/core/data/import/aggregate/import-transactions'
import { openRandomAccess } from '../../../../src/backend/random-access'
import { transactionRecipeSchema } from '../../../../src/shared/transactions'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { tillRecipe } from './reference/till-log'

const lines = [
  ['2025-01-06 09:00:00', 'S1', 'A', 'Acme', 2, 2.0, true],
  ['2025-01-07 10:00:00', 'S1', 'A', 'Acme', 1, 1.5, false],
  ['2025-01-08 11:00:00', 'S1', 'A', 'Acme', -1, 2.0, false],
  ['2025-01-05 12:00:00', 'S1', 'A', 'Acme', 4, 2.5, false],
  ['2025-01-06 09:30:00', 'S2', 'A', 'Acme', 3, 2.2, true],
  ['2025-01-13 09:30:00', 'S1', 'B', 'Brio', 5, 4.0, false]
] as const

const recipe = tillRecipe({ segments: ['brand'] })

/** The log as Parquet with native types: a TIMESTAMP, strings, INT32 units, DOUBLE prices, a BOOLEAN flag. */
function parquetLog(): Uint8Array {
  const col = (k: number) => lines.map((l) => l[k])
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'sold_at', data: lines.map((l) => new Date(`${l[0].replace(' ', 'T')}Z`)), type: 'TIMESTAMP' },
      { name: 'store', data: col(1), type: 'STRING' },
      { name: 'sku', data: col(2), type: 'STRING' },
      { name: 'brand', data: col(3), type: 'STRING' },
      { name: 'units', data: Int32Array.from(col(4) as number[]), type: 'INT32' },
      { name: 'unit_price', data: Float64Array.from(col(5) as number[]), type: 'DOUBLE' },
      { name: 'on_feature', data: col(6), type: 'BOOLEAN' }
    ],
    rowGroupSize: 4
  })
  return new Uint8Array(buf)
}

const csvLog = () =>
  ['sold_at,store,sku,brand,units,unit_price,on_feature', ...lines.map((l) => l.join(','))].join('\n') + '\n'

type Row = Record<string, unknown>

describe('a Parquet transaction log feeds the same aggregation', () => {
  it('gives the panel the CSV of the same lines gives (two row groups)', async () => {
    const dir = tempDir()
    const path = writeFile(dir, 'log.parquet', parquetLog())
    const db = newDb(dir)
    const ra = await openRandomAccess(path)
    try {
      const r = await importTransactions(
        db,
        chunks(new Uint8Array(0)),
        'log.parquet',
        { name: 'pq', recipe },
        { randomAccess: ra }
      )
      expect(r).toMatchObject({ rows: 4, lines: 6 })
    } finally {
      await ra.close()
    }
    await importTransactions(db, chunks(csvLog()), 'log.csv', { name: 'csv', recipe })
    const pq = db.prepare<Row>('SELECT * FROM ds_pq ORDER BY rowid').all()
    const csv = db.prepare<Row>('SELECT * FROM ds_csv ORDER BY rowid').all()
    expect(pq).toEqual(csv)
    expect(pq[1]).toMatchObject({ item: 'S1-A', sold_at: '2025-01-06', units: 2, on_feature: 2 / 3 })
  })

  it('a bad Parquet value is reported at its row (line = row + 1), nothing written', async () => {
    const dir = tempDir()
    const bad = parquetWriteBuffer({
      columnData: [
        { name: 'sold_at', data: ['2025-01-06', 'not a date'], type: 'STRING' },
        { name: 'store', data: ['S1', 'S1'], type: 'STRING' },
        { name: 'sku', data: ['A', 'A'], type: 'STRING' },
        { name: 'brand', data: ['Acme', 'Acme'], type: 'STRING' },
        { name: 'units', data: Int32Array.from([1, 1]), type: 'INT32' },
        { name: 'unit_price', data: Float64Array.from([2, 2]), type: 'DOUBLE' },
        { name: 'on_feature', data: [false, false], type: 'BOOLEAN' }
      ]
    })
    const path = writeFile(dir, 'bad.parquet', new Uint8Array(bad))
    const db = newDb(dir)
    const ra = await openRandomAccess(path)
    const err = await importTransactions(
      db,
      chunks(new Uint8Array(0)),
      'bad.parquet',
      { name: 'pq', recipe },
      { randomAccess: ra }
    )
      .catch((e: unknown) => e)
      .finally(() => ra.close())
    expect(err).toBeInstanceOf(CsvImportError)
    expect((err as CsvImportError).issues.map((i) => [i.line, i.columnName])).toEqual([[3, 'sold_at']])
    expect(db.prepare('SELECT count(*) AS n FROM datasets').get()).toEqual({ n: 0 })
  })

  // Written by DuckDB 1.5.6 (test/fixtures/parquet): TIMESTAMP (µs), DATE, DECIMAL(9,2), BIGINT and nulls.
  it('reads the types a warehouse writes (timestamps, dates, decimals, 64-bit integers, nulls) as the CSV of the same lines', async () => {
    const csv = [
      'sold_at,sold_on,store,sku,units,unit_price,unit_cost,on_feature',
      '2025-01-06 09:00:00,2025-01-06,S1,A,2,2.00,1.25,true',
      '2025-01-07 10:00:00,2025-01-07,S1,A,1,1.50,,false',
      '2025-01-08 11:00:00,2025-01-08,S1,A,-1,2.00,,',
      '2025-01-05 12:00:00,2025-01-05,S1,A,4,2.50,1.75,false',
      '2025-01-06 09:30:00,2025-01-06,S2,A,3,2.20,1.10,true',
      '2025-01-13 09:30:00,2025-01-13,S1,B,5,4.00,3.00,'
    ].join('\n')
    const dir = tempDir()
    const db = newDb(dir)
    for (const time of ['sold_at', 'sold_on']) {
      const r = transactionRecipeSchema.parse({
        ...recipe,
        time,
        segments: [],
        cost: 'unit_cost'
      })
      const ra = await openRandomAccess(join(__dirname, '../../../fixtures/parquet/duckdb-types.parquet'))
      try {
        const name = `pq_${time}`
        const built = await importTransactions(
          db,
          chunks(new Uint8Array(0)),
          'types.parquet',
          { name, recipe: r },
          { randomAccess: ra }
        )
        expect(built).toMatchObject({ rows: 4, lines: 6 })
      } finally {
        await ra.close()
      }
      await importTransactions(db, chunks(csv), 'types.csv', { name: `csv_${time}`, recipe: r })
      const pq = db.prepare<Row>(`SELECT * FROM ds_pq_${time} ORDER BY rowid`).all()
      expect(pq).toEqual(db.prepare<Row>(`SELECT * FROM ds_csv_${time} ORDER BY rowid`).all())
      expect(pq[1]).toMatchObject({ item: 'S1-A', units: 2, unit_price: 5.5 / 3, unit_cost: 1.25 })
    }
  })
})
