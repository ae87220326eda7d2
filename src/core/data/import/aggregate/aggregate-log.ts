import type { TransactionRecipe } from '../../../../shared/transactions'
import { CancelledError, CsvImportError } from '../../csv/errors'
import type { CsvIssue } from '../../../../shared/errors'
import type { ByteSource, RecordParserFactory } from '../../csv/reader'
import type { DecimalSeparator, Delimiter, FileFormat, TextEncoding } from '../../../../shared/data'
import { dayToIso } from '../../../util/dates'
import { readRecords } from '../records'
import type { PanelGroupBy } from './group-by'
import {
  isParquet,
  ParquetDamagedError,
  readParquetColumns,
  type ParquetFooter,
  type RandomAccessFile
} from '../parquet'
import { LogAggregator } from './log-aggregator'
import { aggregateChunks, planChunks, type ChunkRunner } from './chunked-log'
import { planParquetParts } from './parquet-parts'

export interface LogReadOptions {
  delimiter?: Delimiter
  decimal?: DecimalSeparator
  encoding?: TextEncoding
  sheet?: string
  signal?: { aborted: boolean }
  /** Bytes read so far and lines aggregated so far. */
  onProgress?: (bytes: number, lines: number) => void
  /** The same file by byte ranges: a Parquet log is read through it (its schema sits at the end). */
  randomAccess?: RandomAccessFile
  /** Aggregates a large CSV log's byte ranges (on worker threads): given with randomAccess, the log is read by ranges. */
  chunks?: ChunkRunner
  /** Size of those ranges (default CHUNK_BYTES; tests use small ones). */
  chunkBytes?: number
  /** Rows of a Parquet log's parts (default PART_ROWS; tests use small ones). */
  partRows?: number
  /** Reads a Parquet log's footer (the host: on a worker thread); else it is read on this thread. */
  parquetFooter?: () => Promise<ParquetFooter>
}

export interface AggregatedLog {
  groupBy: PanelGroupBy
  lines: number
  bytes: number
  format: FileFormat | 'parquet'
  delimiter: Delimiter
  sheet?: string
  /** Threads that read the log: 1 when one reader read it whole, else those that read its ranges. */
  threads: number
}

/**
 * Reads the whole log once and reduces it to item × period cells (PanelGroupBy). Every bad
 * line is reported with its line and column (up to MAX_ISSUES), and so is every return line
 * that cannot be netted (its item and period sold fewer units than came back): then the
 * whole log is refused, and the caller writes nothing. A large UTF-8 CSV log is read by byte
 * ranges on several threads when the host gives a runner (opts.chunks); whenever a range
 * cannot be used (a problem in it, a quoted field across its end) the log is read whole here,
 * so problems are reported exactly as one reader finds them.
 */
export async function aggregateLog(
  source: ByteSource,
  file: string,
  recipe: TransactionRecipe,
  opts: LogReadOptions = {}
): Promise<AggregatedLog> {
  const ra = opts.randomAccess
  if (ra && opts.chunks) {
    const parquet = ra.byteLength >= 8 && isParquet(await ra.read(0, 4))
    let plan, read
    try {
      plan = parquet
        ? await planParquetParts(ra, file, recipe, opts)
        : await planChunks(ra, file, recipe, opts)
      read = plan && (await aggregateChunks(plan, opts.chunks, opts))
    } catch (e) {
      throw e instanceof ParquetDamagedError ? damaged(file, e) : e
    }
    if (plan && read) {
      // The byte stream is not needed: end it, so the host can release the file.
      await source[Symbol.asyncIterator]().return?.()
      return finish(read.agg, file, recipe, {
        bytes: ra.byteLength,
        format: parquet ? 'parquet' : 'csv',
        delimiter: plan.delimiter,
        threads: read.threads
      })
    }
  }
  const agg = new LogAggregator(file, recipe, opts.decimal)
  const read = await readLog(
    source,
    file,
    { ...opts, recordParser: (delimiter, onRec) => agg.scannerFor(delimiter, onRec), agg },
    (bytes) => opts.onProgress?.(bytes, agg.lines)
  )
  if (opts.signal?.aborted) throw new CancelledError('import')
  return finish(agg, file, recipe, { ...read, threads: 1 })
}

/** The log's last checks (empty, returns that cannot be netted); its problems refuse it whole. */
function finish(
  agg: LogAggregator,
  file: string,
  recipe: TransactionRecipe,
  read: {
    bytes: number
    format: FileFormat | 'parquet'
    delimiter: Delimiter
    sheet?: string
    threads: number
  }
): AggregatedLog {
  const fail = (i: Omit<CsvIssue, 'file'>) => agg.fail(i)
  if (!agg.headerRead)
    fail({ line: 1, column: 1, message: 'the log is empty (expected column names on line 1)' })
  else if (agg.lines === 0 && agg.issues.length === 0)
    fail({ line: 2, column: 1, message: 'the log has a header but no sales lines' })
  if (agg.issues.length === 0)
    for (const c of agg.groupBy.unnetted())
      unnettedIssues(c, recipe, agg.parser.columnOf('quantity')).forEach(fail)
  if (agg.issues.length) throw new CsvImportError(agg.issues)
  return {
    groupBy: agg.groupBy,
    lines: agg.lines,
    bytes: read.bytes,
    format: read.format,
    delimiter: read.delimiter,
    sheet: read.sheet,
    threads: read.threads
  }
}

/** A Parquet file (recognised by its magic bytes, when it can be read by ranges), else CSV or a workbook. */
async function readLog(
  source: ByteSource,
  file: string,
  opts: LogReadOptions & { recordParser: RecordParserFactory; agg: LogAggregator },
  onBytes: (bytes: number) => void
): Promise<{ bytes: number; format: FileFormat | 'parquet'; delimiter: Delimiter; sheet?: string }> {
  const ra = opts.randomAccess
  if (ra && ra.byteLength >= 8 && isParquet(await ra.read(0, 4))) {
    // The byte stream is not needed: end it, so the host can release the file.
    await source[Symbol.asyncIterator]().return?.()
    try {
      const r = await readParquetColumns(
        ra,
        { signal: opts.signal, onBytes },
        opts.agg.onParquetHeader,
        opts.agg.onParquetRow
      )
      return { bytes: r.bytes, format: 'parquet', delimiter: ',' }
    } catch (e) {
      throw e instanceof ParquetDamagedError ? damaged(file, e) : e
    }
  }
  const r = await readRecords(
    source,
    {
      file,
      delimiter: opts.delimiter,
      encoding: opts.encoding,
      sheet: opts.sheet,
      signal: opts.signal,
      onBytes,
      recordParser: opts.recordParser
    },
    opts.agg.onRecord
  )
  return { bytes: r.bytes, format: r.format, delimiter: r.delimiter, sheet: r.sheet }
}

/** A Parquet file that cannot be decoded, as an issue at the row group's first line (line 1: its footer). */
function damaged(file: string, e: ParquetDamagedError): CsvImportError {
  return new CsvImportError([
    {
      file,
      line: e.firstRow < 0 ? 1 : e.firstRow + 2,
      column: e.column === null ? 1 : e.column.index + 1,
      ...(e.column ? { columnName: e.column.name } : {}),
      message: `the Parquet file is damaged: ${e.where} (${e.reason}); export it again from its source`
    }
  ])
}

function unnettedIssues(
  c: ReturnType<PanelGroupBy['unnetted']>[number],
  recipe: TransactionRecipe,
  quantityColumn: number
): Omit<CsvIssue, 'file'>[] {
  const where = `${recipe.item_by.map((k, i) => `${k} ${c.item[i]}`).join(', ')}, ${recipe.bucket} of ${dayToIso(c.day)}`
  const more = c.returns > c.returnLines.length ? ` (${c.returns} return lines in all)` : ''
  return c.returnLines.map((line) => ({
    line,
    column: quantityColumn,
    columnName: recipe.quantity,
    message: `this return cannot be netted: ${where} has net units ${c.net}${c.net < 0 ? ' (more units came back than were sold)' : ' and no sale line'}${more}. Returns are netted within the item and ${recipe.bucket}: choose a longer bucket, or drop or move these lines`
  }))
}
