import { openSqlite } from './sqlite'
import type { Db } from '../core/db/port'
import { queryRows, type RowQuery } from '../core/data/tables'
import { summarizeTable } from '../core/data/summaries'
import { createReadStream, statSync } from 'node:fs'
import { countMissing } from '../core/data/import/missing-counts'
import type { Delimiter, TextEncoding } from '../shared/data'
import type { FileMissing, RowPage, TableSummary } from '../shared/data/results'

// One read-only connection per worker, kept open between reads (opening costs more than a small page).
let open: Db | null = null

function connection(dbPath: string): Db {
  if (open?.path !== dbPath) {
    open?.close()
    open = null
    open = openSqlite(dbPath, { readonly: true, mustExist: true })
  }
  return open
}

/**
 * What a reader worker offers: the Data page's table reads, on the worker's own
 * read-only connection so a long filtered, sorted scan never blocks the backend's
 * event loop nor waits behind training. Progress goes into a shared Float64Array (0..1).
 */
export const readerApi = {
  rows(dbPath: string, q: RowQuery, progress: Float64Array): RowPage {
    progress[0] = 0
    const page = queryRows(connection(dbPath), q, () => (progress[0] = 0.5))
    progress[0] = 1
    return page
  },
  summary(dbPath: string, table: string, progress: Float64Array): TableSummary {
    progress[0] = 0
    const s = summarizeTable(connection(dbPath), table)
    progress[0] = 1
    return s
  },
  /** Missing values per column over a whole staged file (a workbook is parsed here, on this worker's thread). */
  async missing(
    path: string,
    file: string,
    read: { delimiter?: Delimiter; encoding?: TextEncoding; sheet?: string },
    progress: Float64Array
  ): Promise<FileMissing> {
    progress[0] = 0
    const size = Math.max(1, statSync(path).size)
    const counts = await countMissing(createReadStream(path, { highWaterMark: 1 << 17 }), {
      file,
      ...read,
      onBytes: (bytes) => (progress[0] = Math.min(0.99, bytes / size))
    })
    progress[0] = 1
    return counts
  }
}

export type ReaderWorkerApi = typeof readerApi
