/** aggregateLog as it was before the in-place reader (kept to prove the results and issues did not change). */
import type { TransactionRecipe } from '../../../../../src/shared/transactions'
import { CancelledError, CsvImportError } from '../../../../../src/core/data/csv/errors'
import type { CsvIssue } from '../../../../../src/shared/errors'
import type { ByteSource } from '../../../../../src/core/data/csv/reader'
import type { Delimiter, TextEncoding } from '../../../../../src/shared/data'
import { dayToIso } from '../../../../../src/core/util/dates'
import { readRecords } from '../../../../../src/core/data/import/records'
import { MAX_ISSUES } from '../../../../../src/core/data/import/plan'
import { headerIssues } from '../../../../../src/core/data/import/preview'
import { PanelGroupBy } from './group-by'
import { LineParser } from '../../../../../src/core/data/import/aggregate/line-parser'
import { isParquet, type RandomAccessFile } from '../../../../../src/core/data/import/parquet'
import { readParquetRecords } from './parquet-records'
import type { DecimalSeparator, FileFormat } from '../../../../../src/shared/data'

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
}

export interface AggregatedLog {
  groupBy: PanelGroupBy
  lines: number
  bytes: number
  format: FileFormat | 'parquet'
  delimiter: Delimiter
  sheet?: string
}

/**
 * Reads the whole log once and reduces it to item × period cells (PanelGroupBy). Every bad
 * line is reported with its line and column (up to MAX_ISSUES), and so is every return line
 * that cannot be netted (its item and period sold fewer units than came back): then the
 * whole log is refused, and the caller writes nothing.
 */
export async function aggregateLog(
  source: ByteSource,
  file: string,
  recipe: TransactionRecipe,
  opts: LogReadOptions = {}
): Promise<AggregatedLog> {
  const issues: CsvIssue[] = []
  const fail = (i: Omit<CsvIssue, 'file'>) => {
    if (issues.length < MAX_ISSUES) issues.push({ file, ...i })
  }
  const parser = new LineParser(recipe, opts.decimal)
  const groupBy = new PanelGroupBy(recipe)
  let headerRead = false
  let lines = 0
  const onRecord = (fields: string[], line: number): boolean => {
    if (!headerRead) {
      headerRead = true
      const hi = [...headerIssues(file, fields), ...parser.header(fields)]
      hi.forEach(fail)
      return hi.length === 0
    }
    lines++
    const l = parser.parse(fields, line)
    if (Array.isArray(l)) {
      l.forEach(fail)
      return issues.length < MAX_ISSUES
    }
    const s = groupBy.add(l)
    if (s >= 0) {
      const name = (recipe.segments ?? [])[s]
      fail({
        line,
        column: parser.columnOf({ segment: s }),
        columnName: name,
        message: `the segment column "${name}" changes within the item ${l.item.join(' · ')} (found ${JSON.stringify(l.segments[s])}): a segment must describe the item, or add the column to the item key`
      })
    }
    return issues.length < MAX_ISSUES
  }
  const read = await readLog(source, file, opts, (bytes) => opts.onProgress?.(bytes, lines), onRecord)
  if (opts.signal?.aborted) throw new CancelledError('import')
  if (!headerRead) fail({ line: 1, column: 1, message: 'the log is empty (expected column names on line 1)' })
  else if (lines === 0 && issues.length === 0)
    fail({ line: 2, column: 1, message: 'the log has a header but no sales lines' })
  if (issues.length === 0)
    for (const c of groupBy.unnetted()) unnettedIssues(c, recipe, parser.columnOf('quantity')).forEach(fail)
  if (issues.length) throw new CsvImportError(issues)
  return {
    groupBy,
    lines,
    bytes: read.bytes,
    format: read.format,
    delimiter: read.delimiter,
    sheet: read.sheet
  }
}

/** A Parquet file (recognised by its magic bytes, when it can be read by ranges), else CSV or a workbook. */
async function readLog(
  source: ByteSource,
  file: string,
  opts: LogReadOptions,
  onBytes: (bytes: number) => void,
  onRecord: (fields: string[], line: number) => boolean
): Promise<{ bytes: number; format: FileFormat | 'parquet'; delimiter: Delimiter; sheet?: string }> {
  const ra = opts.randomAccess
  if (ra && ra.byteLength >= 8 && isParquet(await ra.read(0, 4))) {
    // The byte stream is not needed: end it, so the host can release the file.
    await source[Symbol.asyncIterator]().return?.()
    const r = await readParquetRecords(ra, { signal: opts.signal, onBytes }, onRecord)
    return { bytes: r.bytes, format: 'parquet', delimiter: ',' }
  }
  const r = await readRecords(
    source,
    {
      file,
      delimiter: opts.delimiter,
      encoding: opts.encoding,
      sheet: opts.sheet,
      signal: opts.signal,
      onBytes
    },
    onRecord
  )
  return { bytes: r.bytes, format: r.format, delimiter: r.delimiter, sheet: r.sheet }
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
