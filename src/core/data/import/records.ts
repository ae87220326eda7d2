import { CancelledError, CsvImportError } from '../csv/errors'
import { readCsv, type ByteSource, type RecordParserFactory } from '../csv/reader'
import { isZip, MAX_XLSX_BYTES } from './xlsx-limits'
import type { XlsxOptions } from './xlsx'
import type { Delimiter, FileFormat, TextEncoding } from '../../../shared/data'
import type { EncodingGuess } from '../../../shared/data/results'

/** The records of one opened sheet, handed over in batches (a worker sends them on request). */
export interface WorkbookRecords {
  sheets: string[]
  sheet: string
  /** The next batch of records, or null at the end of the sheet. */
  next(): Promise<{ fields: string[]; line: number }[] | null>
  /** Ends the reading (a worker is stopped); called whatever happens. */
  close(): void
}

/** Opens one sheet of a workbook; the backend passes one that parses in a worker with a memory cap and a time limit. */
export type WorkbookParser = (bytes: Uint8Array, opts: XlsxOptions) => Promise<WorkbookRecords>

const BATCH = 5000

/** Parses on the calling thread (tests, and hosts without workers). */
export const parseWorkbookHere: WorkbookParser = async (bytes, opts) => {
  // Loaded here, not at start: the spreadsheet library is large and most sessions never read a workbook.
  const { openXlsx } = await import('./xlsx')
  const opened = openXlsx(bytes, opts)
  return {
    sheets: opened.sheets,
    sheet: opened.sheet,
    next: async () => nextBatch(opened.records),
    close: () => {}
  }
}

/** Up to BATCH records of an opened sheet, or null when none are left. */
export function nextBatch(
  records: Iterator<{ fields: string[]; line: number }>
): { fields: string[]; line: number }[] | null {
  const batch: { fields: string[]; line: number }[] = []
  for (let r = records.next(); !r.done; r = records.next()) {
    batch.push(r.value)
    if (batch.length >= BATCH) break
  }
  return batch.length ? batch : null
}

export interface ReadRecordsOptions {
  file: string
  delimiter?: Delimiter
  encoding?: TextEncoding
  /** The workbook sheet to read (default: the sheet with the most rows). */
  sheet?: string
  /** A workbook is parsed only this far (a preview); a CSV simply stops when onRecord returns false. */
  maxRows?: number
  signal?: { aborted: boolean }
  onBytes?: (bytesRead: number) => void
  /** How a workbook is parsed (default: on this thread). */
  workbook?: WorkbookParser
  /** Refuse a workbook whose needed parts unpack to more (default MAX_XLSX_UNPACKED_BYTES). */
  maxUnpackedBytes?: number
  /** How a CSV's records are parsed (default: one string[] per record). */
  recordParser?: RecordParserFactory
}

export interface ReadRecordsResult {
  format: FileFormat
  delimiter: Delimiter
  /** For a workbook: UTF-8 (its XML's encoding), reason "chosen". */
  encoding: EncodingGuess
  bytes: number
  stoppedEarly: boolean
  sheets?: string[]
  sheet?: string
}

/**
 * Records of a CSV or an Excel workbook, whatever the file is called: a workbook is
 * recognised by its zip signature (so "sales.csv" saved by Excel as .xlsx still
 * imports), everything else is read as delimited text.
 */
export async function readRecords(
  source: ByteSource,
  opts: ReadRecordsOptions,
  onRecord: (fields: string[], line: number) => boolean | void
): Promise<ReadRecordsResult> {
  const it = source[Symbol.asyncIterator]()
  const first = await it.next()
  const head = first.done ? new Uint8Array(0) : first.value
  const rest: ByteSource = {
    [Symbol.asyncIterator]: () => {
      let sentHead = first.done === true
      return {
        next: async () => {
          if (!sentHead) {
            sentHead = true
            return { done: false, value: head }
          }
          return it.next()
        }
      }
    }
  }
  const foreign = foreignFormat(head)
  if (foreign) throw new CsvImportError([{ file: opts.file, line: 1, column: 1, message: foreign }])
  if (!isZip(head)) {
    const r = await readCsv(rest, opts, onRecord)
    return { format: 'csv', ...r }
  }
  const chunks: Uint8Array[] = []
  let bytes = 0
  for await (const chunk of rest) {
    if (opts.signal?.aborted) throw new CancelledError('import')
    bytes += chunk.length
    if (bytes > MAX_XLSX_BYTES)
      throw new CsvImportError([
        {
          file: opts.file,
          line: 1,
          column: 1,
          message: `the workbook is larger than ${MAX_XLSX_BYTES / 1024 / 1024} MB (save the sheet as CSV UTF-8 and import that)`
        }
      ])
    chunks.push(chunk)
    opts.onBytes?.(bytes)
  }
  const all = new Uint8Array(bytes)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.length
  }
  let stopped = false
  const parse = opts.workbook ?? parseWorkbookHere
  const opened = await parse(all, {
    file: opts.file,
    sheet: opts.sheet,
    maxRows: opts.maxRows,
    maxUnpackedBytes: opts.maxUnpackedBytes
  })
  try {
    read: for (let batch = await opened.next(); batch; batch = await opened.next())
      for (const r of batch) {
        if (opts.signal?.aborted) throw new CancelledError('import')
        if (onRecord(r.fields, r.line) === false) {
          stopped = true
          break read
        }
      }
  } finally {
    opened.close()
  }
  return {
    format: 'xlsx',
    delimiter: ',',
    encoding: { encoding: 'utf-8', reason: 'chosen' },
    bytes,
    stoppedEarly: stopped,
    sheets: opened.sheets,
    sheet: opened.sheet
  }
}

/**
 * Files that look like neither a CSV nor an .xlsx workbook by their first bytes,
 * with what to do about them (read as text they would give nonsense columns).
 */
function foreignFormat(head: Uint8Array): string | null {
  const starts = (...b: number[]) => b.every((x, i) => head[i] === x)
  if (starts(0xd0, 0xcf, 0x11, 0xe0))
    return 'the file is an old Excel 97-2003 workbook (.xls), whatever its name; open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then import that'
  if (starts(0x50, 0x4b, 0x05, 0x06))
    return 'the file is an empty zip archive (no workbook inside); save the sheet again from Excel as .xlsx or CSV UTF-8'
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff))
    return 'the file is UTF-32 text, which PriceLab does not read; save it as "CSV UTF-8" and import that'
  return null
}
