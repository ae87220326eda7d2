import { CancelledError, CsvImportError } from '../csv/errors'
import type { EncodingGuess, TextEncoding } from '../csv/encoding'
import type { Delimiter } from '../csv/parser'
import { readCsv, type ByteSource } from '../csv/reader'
import { isZip, MAX_XLSX_BYTES, readXlsx } from './xlsx'

export type FileFormat = 'csv' | 'xlsx'

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
  const r = readXlsx(all, { file: opts.file, sheet: opts.sheet, maxRows: opts.maxRows }, (fields, line) => {
    if (opts.signal?.aborted) throw new CancelledError('import')
    const keep = onRecord(fields, line)
    if (keep === false) stopped = true
    return keep
  })
  return {
    format: 'xlsx',
    delimiter: ',',
    encoding: { encoding: 'utf-8', reason: 'chosen' },
    bytes,
    stoppedEarly: stopped,
    sheets: r.sheets,
    sheet: r.sheet
  }
}
