import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { chunks, newDb, tempDir, writeFile } from '../helpers'
import { aggregateLog } from '../../src/core/data/import/aggregate/aggregate-log'
import { chunkRunnerHere } from '../../src/core/data/import/aggregate/chunked-log'
import { importTransactions } from '../../src/core/data/import/aggregate/import-transactions'
import { CancelledError } from '../../src/core/data/csv/errors'
import { openRandomAccess } from '../../src/backend/random-access'
import { logChunksInWorkers } from '../../src/backend/log-chunks'
import { tillRecipe } from '../core/data/import/reference/till-log'

const workerFile = join(__dirname, '../../src/backend/log-chunk.worker.ts')

const recipe = tillRecipe()

/** A plain till log of `n` lines whose prices vary within a cell (so sums, not first values, make the means). */
function log(n: number): string {
  const out = ['sold_at,store,sku,units,unit_price,on_feature']
  for (let i = 0; i < n; i++) {
    const day = String(1 + ((i * 7) % 28)).padStart(2, '0')
    out.push(
      `2025-02-${day},S${i % 5},K${i % 13},${1 + (i % 4)},${(1 + ((i * 37) % 100) / 7).toFixed(4)},${i % 3 === 0 ? 1 : 0}`
    )
  }
  return out.join('\n') + '\n'
}

async function cells(path: string, runner: 'workers' | 'here', workers = 2) {
  const ra = await openRandomAccess(path)
  const progress: number[] = []
  try {
    const agg = await aggregateLog(chunks(new Uint8Array(0)), 'till.csv', recipe, {
      randomAccess: ra,
      chunkBytes: 16_384,
      chunks: runner === 'workers' ? logChunksInWorkers(path, { workers, workerFile }) : chunkRunnerHere(ra),
      onProgress: (bytes) => progress.push(bytes)
    })
    return { cells: agg.groupBy.sortedCells(), lines: agg.lines, progress }
  } finally {
    await ra.close()
  }
}

describe('log ranges aggregated on worker threads', () => {
  it('give, on 1, 2 or 3 threads, the same bits as the ranges read one after another, and the one-reader panel to 1e-12', async () => {
    const text = log(20_000)
    const path = writeFile(tempDir(), 'till.csv', text)
    const here = await cells(path, 'here')
    expect(here.cells.length).toBeGreaterThan(100)
    for (const workers of [1, 2, 3]) {
      const r = await cells(path, 'workers', workers)
      expect(r.cells).toEqual(here.cells)
      expect(r.lines).toBe(20_000)
      // Progress rises range by range to the file's size.
      expect(r.progress.length).toBeGreaterThan(10)
      expect(r.progress).toEqual([...r.progress].sort((a, b) => a - b))
      expect(r.progress.at(-1)).toBe(Buffer.byteLength(text))
    }
    const one = await aggregateLog(chunks(text), 'till.csv', recipe)
    const whole = one.groupBy.sortedCells()
    expect(here.cells.map((c) => [c.item, c.day, c.net, c.sold, c.flagged])).toEqual(
      whole.map((c) => [c.item, c.day, c.net, c.sold, c.flagged])
    )
    here.cells.forEach((c, i) =>
      expect(Math.abs(c.price - whole[i].price)).toBeLessThanOrEqual(1e-12 * whole[i].price)
    )
  })

  it('a cancel ends the threads and writes nothing', async () => {
    const dir = tempDir()
    const path = writeFile(dir, 'till.csv', log(20_000))
    const db = newDb(dir)
    const ra = await openRandomAccess(path)
    const signal = { aborted: false }
    const err = await importTransactions(
      db,
      chunks(new Uint8Array(0)),
      'till.csv',
      { name: 'till', recipe },
      {
        randomAccess: ra,
        chunkBytes: 16_384,
        chunks: logChunksInWorkers(path, { workers: 2, workerFile }),
        signal,
        onProgress: () => {
          signal.aborted = true
        }
      }
    )
      .catch((e: unknown) => e)
      .finally(() => ra.close())
    expect(err).toBeInstanceOf(CancelledError)
    expect(db.prepare('SELECT count(*) AS n FROM datasets').get()).toEqual({ n: 0 })
  })

  it('a thread that fails (here: its script is missing) fails its range: the log is read whole by one reader', async () => {
    const text = log(5_000)
    const path = writeFile(tempDir(), 'till.csv', text)
    const ra = await openRandomAccess(path)
    try {
      const agg = await aggregateLog(chunks(text), 'till.csv', recipe, {
        randomAccess: ra,
        chunkBytes: 16_384,
        chunks: logChunksInWorkers(path, { workers: 2, workerFile: join(__dirname, 'missing.worker.js') })
      })
      const one = await aggregateLog(chunks(text), 'till.csv', recipe)
      expect(agg.groupBy.sortedCells()).toEqual(one.groupBy.sortedCells())
      expect(agg.lines).toBe(5_000)
    } finally {
      await ra.close()
    }
  })
})
