import type { TransactionRecipe } from '../../../../shared/transactions'
import { CancelledError, CsvImportError } from '../../csv/errors'
import type { CsvIssue } from '../../../../shared/errors'
import type { ByteSource, RecordParserFactory } from '../../csv/reader'
import type { Delimiter, TextEncoding } from '../../../../shared/data'
import { dayToIso } from '../../../util/dates'
import { readRecords } from '../records'
import { MAX_ISSUES } from '../plan'
import { headerIssues } from '../preview'
import { PanelGroupBy } from './group-by'
import { LineParser } from './line-parser'
import { FastLineReader } from './fast-line'
import { LogScanner, type FieldRanges } from './log-scanner'
import { isParquet, parquetText, readParquetColumns, type RandomAccessFile } from '../parquet'
import { FastValueReader } from './fast-values'
import type { Positions } from './line-parser'
import type { DecimalSeparator, FileFormat } from '../../../../shared/data'

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
  let fast: FastLineReader | null = null
  let scanner: LogScanner | null = null
  const onLine = (fields: string[], line: number): boolean => {
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
  const onRecord = (fields: string[], line: number): boolean => {
    if (headerRead) return onLine(fields, line)
    headerRead = true
    const hi = [...headerIssues(file, fields), ...parser.header(fields)]
    hi.forEach(fail)
    const pos = parser.positions
    if (hi.length === 0 && pos && scanner) {
      fast = new FastLineReader(recipe, pos, parser, groupBy, opts.decimal)
      scanner.expectedFields = fields.length
    }
    return hi.length === 0
  }
  // A plain line is read in place (no string per field); any other goes through onRecord.
  const onRanges: FieldRanges = (s, from, to, n, line) => {
    if (fast?.add(s, from, to, line)) {
      lines++
      return true
    }
    const fields = new Array<string>(n)
    for (let k = 0; k < n; k++) fields[k] = s.slice(from[k], to[k])
    return onRecord(fields, line)
  }
  // A Parquet row: its typed values used as they are when plain, else as text through onRecord.
  let values: FastValueReader | null = null
  let fieldCount = 0
  const onHeader = (names: string[]): number[] | null => {
    fieldCount = names.length
    if (!onRecord(names, 1)) return null
    const pos = parser.positions as Positions
    const reader = new FastLineReader(recipe, pos, parser, groupBy, opts.decimal)
    values = new FastValueReader(pos, reader, groupBy, reader.isoDates)
    return [
      ...new Set([
        ...pos.item,
        ...pos.segments,
        pos.time,
        pos.quantity,
        pos.price,
        pos.listPrice,
        ...pos.features,
        pos.cost
      ])
    ].filter((k) => k >= 0)
  }
  const onRow = (cols: ArrayLike<unknown>[], i: number, line: number): boolean => {
    if (values?.add(cols, i, line)) {
      lines++
      return true
    }
    const fields = new Array<string>(fieldCount).fill('')
    cols.forEach((c, k) => (fields[k] = parquetText(c[i])))
    return onRecord(fields, line)
  }
  const recordParser: RecordParserFactory = (delimiter, onRec) =>
    (scanner = new LogScanner(delimiter, onRec, onRanges))
  const read = await readLog(
    source,
    file,
    { ...opts, recordParser, parquet: { onHeader, onRow } },
    (bytes) => opts.onProgress?.(bytes, lines),
    onRecord
  )
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
  opts: LogReadOptions & {
    recordParser: RecordParserFactory
    parquet: {
      onHeader: Parameters<typeof readParquetColumns>[2]
      onRow: Parameters<typeof readParquetColumns>[3]
    }
  },
  onBytes: (bytes: number) => void,
  onRecord: (fields: string[], line: number) => boolean
): Promise<{ bytes: number; format: FileFormat | 'parquet'; delimiter: Delimiter; sheet?: string }> {
  const ra = opts.randomAccess
  if (ra && ra.byteLength >= 8 && isParquet(await ra.read(0, 4))) {
    // The byte stream is not needed: end it, so the host can release the file.
    await source[Symbol.asyncIterator]().return?.()
    const r = await readParquetColumns(
      ra,
      { signal: opts.signal, onBytes },
      opts.parquet.onHeader,
      opts.parquet.onRow
    )
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
      onBytes,
      recordParser: opts.recordParser
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
