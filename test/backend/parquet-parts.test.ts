import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { parquetMetadata } from 'hyparquet'
import { chunks, newDb, tempDir, writeFile } from '../helpers'
import { aggregateLog, type LogReadOptions } from '../../src/core/data/import/aggregate/aggregate-log'
import { chunkRunnerHere } from '../../src/core/data/import/aggregate/chunked-log'
import { importTransactions } from '../../src/core/data/import/aggregate/import-transactions'
import { CancelledError, CsvImportError } from '../../src/core/data/csv/errors'
import { openRandomAccess } from '../../src/backend/random-access'
import { logChunksInWorkers, parquetFooterInWorker } from '../../src/backend/log-chunks'
import { tillRecipe } from '../core/data/import/reference/till-log'

const workerFile = join(__dirname, '../../src/backend/log-chunk.worker.ts')

const recipe = tillRecipe({ cost: 'unit_cost' })

interface Line {
  at: Date
  store: string
  sku: string
  units: number
  price: number
  promo: boolean
  cost: number
}

/**
 * A till log of n lines: prices vary within each item × week (so the means come from sums),
 * one return in 50, SKUs with two-byte and four-byte UTF-8 characters. `price` makes each
 * line's price; by default quarters, whose sums are exact in any order.
 */
function till(n: number, price = (i: number) => 1 + ((i * 37) % 100) / 4): Line[] {
  const skus = ['Käse-Ω', 'K🧀', ...Array.from({ length: 11 }, (_, k) => `K${k + 2}`)]
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2025, 1, 1 + ((i * 7) % 28), i % 24, i % 60)),
    store: `S${i % 5}`,
    sku: skus[i % 13],
    units: i % 50 === 49 ? -1 : 1 + (i % 4),
    price: price(i),
    promo: i % 3 === 0,
    cost: 0.5 + (i % 8) / 8
  }))
}

function parquetOf(lines: Line[], rowGroupSize: number): Uint8Array {
  const col = <T>(f: (l: Line) => T) => lines.map(f)
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'sold_at', data: col((l) => l.at), type: 'TIMESTAMP' },
        { name: 'store', data: col((l) => l.store), type: 'STRING' },
        { name: 'sku', data: col((l) => l.sku), type: 'STRING' },
        { name: 'units', data: Int32Array.from(col((l) => l.units)), type: 'INT32' },
        { name: 'unit_price', data: Float64Array.from(col((l) => l.price)), type: 'DOUBLE' },
        { name: 'on_feature', data: col((l) => l.promo), type: 'BOOLEAN' },
        { name: 'unit_cost', data: Float64Array.from(col((l) => l.cost)), type: 'DOUBLE' }
      ],
      rowGroupSize
    })
  )
}

function csvOf(lines: Line[]): string {
  const at = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ')
  const rows = lines.map((l) => [at(l.at), l.store, l.sku, l.units, l.price, l.promo, l.cost].join(','))
  return ['sold_at,store,sku,units,unit_price,on_feature,unit_cost', ...rows].join('\n') + '\n'
}

/** The host's options: parts of 1,000 rows read by `workers` threads, the footer read on a thread too. */
function onThreads(path: string, workers: number): LogReadOptions {
  return {
    chunks: logChunksInWorkers(path, { workers, workerFile }),
    parquetFooter: parquetFooterInWorker(path, { workerFile }),
    partRows: 1_000
  }
}

async function aggregate(path: string, opts: LogReadOptions) {
  const ra = await openRandomAccess(path)
  const progress: number[] = []
  try {
    const agg = await aggregateLog(chunks(new Uint8Array(0)), 'till.parquet', recipe, {
      ...opts,
      randomAccess: ra,
      onProgress: (bytes) => progress.push(bytes)
    })
    return { cells: agg.groupBy.sortedCells(), lines: agg.lines, threads: agg.threads, progress }
  } finally {
    await ra.close()
  }
}

describe('a Parquet log read by row groups on worker threads', () => {
  it('two threads each read row groups, and their panel equals the one-thread panel and the CSV panel exactly', async () => {
    const lines = till(12_000)
    const dir = tempDir()
    const bytes = parquetOf(lines, 500) // 24 row groups, parts of 2 row groups
    const path = writeFile(dir, 'till.parquet', bytes)
    const one = await aggregate(path, {})
    const two = await aggregate(path, onThreads(path, 2))
    expect(one.threads).toBe(1)
    expect(two.threads).toBe(2)
    expect(one.cells.length).toBe(260) // 5 stores × 13 SKUs × 4 weeks
    expect(two.cells).toEqual(one.cells)
    expect(two.lines).toBe(12_000)
    expect(one.lines).toBe(12_000)
    // Progress rises part by part to the file's size.
    expect(two.progress.length).toBe(12)
    expect(two.progress).toEqual([...two.progress].sort((a, b) => a - b))
    expect(two.progress.at(-1)).toBe(bytes.length)
    const csv = await aggregateLog(chunks(csvOf(lines)), 'till.csv', recipe)
    expect(two.cells).toEqual(csv.groupBy.sortedCells())
    expect(two.cells.some((c) => c.item[1] === 'K🧀') && two.cells.some((c) => c.item[1] === 'Käse-Ω')).toBe(
      true
    )
  })

  it('gives the same bits on 1, 2 or 3 threads as the parts read one after another (prices whose sums round)', async () => {
    const lines = till(8_000, (i) => 1 + ((i * 37) % 100) / 7)
    const path = writeFile(tempDir(), 'till.parquet', parquetOf(lines, 400))
    const ra = await openRandomAccess(path)
    const here = await aggregate(path, {
      chunks: chunkRunnerHere(ra, (n) => [...Array(n).keys()].reverse()),
      partRows: 1_000
    }).finally(() => ra.close())
    for (const workers of [1, 2, 3]) {
      const r = await aggregate(path, onThreads(path, workers))
      expect(r.threads).toBe(workers)
      expect(r.cells).toEqual(here.cells)
    }
  })

  it('a file with a single row group stays on one thread', async () => {
    const lines = till(3_000)
    const path = writeFile(tempDir(), 'till.parquet', parquetOf(lines, 10_000))
    const r = await aggregate(path, onThreads(path, 2))
    expect(r.threads).toBe(1)
    expect(r.cells).toEqual((await aggregate(path, {})).cells)
  })

  it('a bad value in a late row group is reported at its line by the one reader; nothing is written', async () => {
    const lines = till(6_000)
    lines[4_321].price = Number.NaN
    const dir = tempDir()
    const path = writeFile(dir, 'till.parquet', parquetOf(lines, 500))
    const err = await importInto(dir, path, onThreads(path, 2))
    expect(err).toBeInstanceOf(CsvImportError)
    expect((err as CsvImportError).issues.map((i) => [i.file, i.line, i.columnName])).toEqual([
      ['till.parquet', 4_323, 'unit_price']
    ])
  })

  it('a cancel ends the threads and writes nothing', async () => {
    const dir = tempDir()
    const path = writeFile(dir, 'till.parquet', parquetOf(till(12_000), 500))
    const signal = { aborted: false }
    const err = await importInto(dir, path, {
      ...onThreads(path, 2),
      signal,
      onProgress: () => {
        signal.aborted = true
      }
    })
    expect(err).toBeInstanceOf(CancelledError)
  })

  it('a damaged row group is refused with the file, its lines and the row group named; nothing is written', async () => {
    const bytes = parquetOf(till(6_000), 500)
    // The page header of row group 3's "store" column overwritten: the decoder aborts on it.
    const col = parquetMetadata(bytes.slice().buffer).row_groups[2].columns[1].meta_data
    const at = Number(col?.data_page_offset)
    bytes.fill(0xff, at, at + 12)
    const dir = tempDir()
    const path = writeFile(dir, 'till.parquet', bytes)
    const err = await importInto(dir, path, onThreads(path, 2))
    expect(err).toBeInstanceOf(CsvImportError)
    const [issue, ...more] = (err as CsvImportError).issues
    expect(more).toEqual([])
    expect(issue).toMatchObject({ file: 'till.parquet', line: 1_002 })
    expect(issue.message).toMatch(/^the Parquet file is damaged: row group 3 of 12 \(rows 1,001–1,500\)/)
  })

  it('a thread that dies decoding names its row group even when its last message is lost (never read again here)', async () => {
    const dir = tempDir()
    const path = writeFile(dir, 'till.parquet', parquetOf(till(6_000), 500))
    const aborting = join(__dirname, 'fixtures/aborting-log-chunk.worker.ts')
    const err = await importInto(dir, path, {
      ...onThreads(path, 1),
      chunks: logChunksInWorkers(path, { workers: 1, workerFile: aborting })
    })
    // The part of row groups 1–2 (rows 1–1,000): the thread died in row group 2. Before, with only its message to
    // say so, the part went back to the one reader on the calling thread, where a real abort never returns.
    expect(err).toBeInstanceOf(CsvImportError)
    expect((err as CsvImportError).issues).toMatchObject([{ file: 'till.parquet', line: 502 }])
    expect((err as CsvImportError).issues[0].message).toMatch(
      /^the Parquet file is damaged: row group 2 of 12/
    )
  })

  it('a damaged footer is refused with the file named; nothing is written', async () => {
    const bytes = parquetOf(till(2_000), 500)
    bytes.fill(0, bytes.length - 200, bytes.length - 8)
    const dir = tempDir()
    const path = writeFile(dir, 'till.parquet', bytes)
    const err = await importInto(dir, path, onThreads(path, 2))
    expect(err).toBeInstanceOf(CsvImportError)
    expect((err as CsvImportError).issues).toMatchObject([{ file: 'till.parquet', line: 1, column: 1 }])
    expect((err as CsvImportError).issues[0].message).toMatch(/^the Parquet file is damaged: its footer/)
  })
})

/** importTransactions of the file with the host's options; what it threw, after checking nothing was written. */
async function importInto(dir: string, path: string, opts: LogReadOptions): Promise<unknown> {
  const db = newDb(dir)
  const ra = await openRandomAccess(path)
  const err = await importTransactions(
    db,
    chunks(new Uint8Array(0)),
    'till.parquet',
    { name: 'till', recipe },
    { ...opts, randomAccess: ra }
  )
    .then(() => null)
    .catch((e: unknown) => e)
    .finally(() => ra.close())
  expect(db.prepare('SELECT count(*) AS n FROM datasets').get()).toEqual({ n: 0 })
  return err
}
