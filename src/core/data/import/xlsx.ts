import { read, SSF, type CellObject, type WorkBook } from '@e965/xlsx'
import { CsvImportError } from '../csv/errors'
import { workbookForSheet, type SheetPart } from './workbook-parts'
import { ZipFormatError } from './zip-entries'

/**
 * Largest total of unpacked parts read for one sheet (its XML, shared strings, styles):
 * a 1,048,576-row sheet of a few columns unpacks to ~300 MB; a "zip bomb" is refused here.
 */
export const MAX_XLSX_UNPACKED_BYTES = 1024 * 1024 * 1024

// SheetJS types its number-format helper as `any`; these are the two calls used.
const ssf = SSF as {
  is_date: (fmt: string) => boolean
  parse_date_code: (v: number) => { y: number; m: number; d: number } | null
}

export interface XlsxOptions {
  file: string
  /** The sheet to read; absent or empty: the largest sheet. */
  sheet?: string
  /** Parse only this many rows (a preview). */
  maxRows?: number
  /** Refuse a workbook whose needed parts unpack to more (default MAX_XLSX_UNPACKED_BYTES). */
  maxUnpackedBytes?: number
}

export interface XlsxReadResult {
  sheets: string[]
  sheet: string
  rows: number
}

/** One sheet, opened: its records (text fields and the sheet's row number) come one by one. */
export interface OpenedSheet {
  sheets: string[]
  sheet: string
  records: Iterator<{ fields: string[]; line: number }>
}

const refuse = (file: string, message: string) => new CsvImportError([{ file, line: 1, column: 1, message }])

/**
 * Opens one sheet of a workbook. Only that sheet is unpacked and parsed, under a
 * limit on the unpacked size; a truncated, damaged or hostile file is refused
 * with what to do about it.
 */
export function openXlsx(bytes: Uint8Array, opts: XlsxOptions): OpenedSheet {
  const limit = opts.maxUnpackedBytes ?? MAX_XLSX_UNPACKED_BYTES
  let cut: ReturnType<typeof workbookForSheet>
  try {
    cut = workbookForSheet(bytes, (sheets) => pickSheet(opts, sheets), limit)
  } catch (e) {
    if (e instanceof ZipFormatError) throw refuse(opts.file, zipMessage(e, limit))
    throw e
  }
  let wb: WorkBook
  try {
    wb = read(cut.zip, {
      type: 'array',
      dense: true,
      cellNF: true,
      cellText: false,
      cellFormula: false,
      sheets: cut.sheet.name,
      // A preview parses only the rows it shows (parsing is most of the time of a large sheet).
      ...(opts.maxRows ? { sheetRows: opts.maxRows } : {})
    })
  } catch (e) {
    throw refuse(
      opts.file,
      `the workbook is damaged (${(e as Error).message}); open it in Excel and save it again, or save the sheet as CSV UTF-8 and import that`
    )
  }
  const ws = wb.Sheets[cut.sheet.name]
  const data = ws?.['!data'] ?? []
  return {
    sheets: cut.sheets.map((s) => s.name),
    sheet: cut.sheet.name,
    records: sheetRecords(opts.file, data)
  }
}

function pickSheet(opts: XlsxOptions, sheets: SheetPart[]): SheetPart {
  const names = sheets.map((s) => `"${s.name}"`).join(', ')
  if (!sheets.length) throw refuse(opts.file, 'the workbook has no sheets; save a sheet with data in it')
  if (opts.sheet) {
    const asked = opts.sheet.toLowerCase()
    const found =
      sheets.find((s) => s.name === opts.sheet) ?? sheets.find((s) => s.name.toLowerCase() === asked)
    if (!found)
      throw refuse(
        opts.file,
        `the workbook has no sheet named "${opts.sheet}"; its sheets are ${names} (choose one)`
      )
    return found
  }
  // Default: the largest sheet (a workbook often starts with a notes or cover sheet).
  return sheets.reduce((a, s) => (s.declaredSize > a.declaredSize ? s : a))
}

function zipMessage(e: ZipFormatError, limit: number): string {
  const csv = 'or save the sheet as CSV UTF-8 and import that'
  switch (e.kind) {
    case 'truncated':
      return `the workbook is incomplete: ${e.message} (it was probably cut off while copying or downloading); copy the original again, ${csv}`
    case 'damaged':
      return `the workbook is damaged: ${e.message}; open it in Excel (it offers to repair it) and save it again, ${csv}`
    case 'too-large':
      return `the workbook unpacks to more than ${Math.round(limit / 1024 / 1024)} MB of sheet data (${e.message}); save the sheet as CSV UTF-8 and import that`
    case 'unsupported':
      return e.message === 'no-workbook'
        ? 'the file is a zip archive but not an Excel workbook (it holds no xl/workbook.xml); unzip it and import the CSV or .xlsx file inside'
        : `the workbook cannot be read: ${e.message}; save it in Excel as "Excel Workbook (.xlsx)" without a password, ${csv}`
  }
}

/**
 * Reads one sheet of a workbook row by row as text fields, like a CSV: numbers in
 * plain notation with a decimal point, date-formatted cells as YYYY-MM-DD, booleans
 * as TRUE/FALSE, empty cells and error cells as empty fields. Line numbers are the
 * sheet's row numbers, so a problem points at the row the analyst sees in Excel.
 */
export function readXlsx(
  bytes: Uint8Array,
  opts: XlsxOptions,
  onRecord: (fields: string[], line: number) => boolean | void
): XlsxReadResult {
  const opened = openXlsx(bytes, opts)
  let rows = 0
  for (let r = opened.records.next(); !r.done; r = opened.records.next()) {
    rows++
    if (onRecord(r.value.fields, r.value.line) === false) break
  }
  return { sheets: opened.sheets, sheet: opened.sheet, rows }
}

function* sheetRecords(file: string, data: CellObject[][]): Generator<{ fields: string[]; line: number }> {
  // Rows start where the sheet's data starts; columns at the first used column of the header row.
  let first = 0
  while (first < data.length && !data[first]?.some((c) => c && c.v !== undefined && c.v !== '')) first++
  const header = data[first] ?? []
  let c0 = 0
  while (c0 < header.length && (header[c0] === undefined || header[c0]?.v === undefined)) c0++
  let width = header.length
  while (width > c0 && (header[width - 1]?.v === undefined || header[width - 1]?.v === '')) width--
  for (let r = first; r < data.length; r++) {
    const row = data[r] ?? []
    const fields = new Array<string>(width - c0)
    let any = false
    for (let c = c0; c < width; c++) {
      const s = cellText(row[c], () => ({ file, line: r + 1, column: c - c0 + 1 }))
      if (s !== '') any = true
      fields[c - c0] = s
    }
    // Trailing blank rows (formatting only) are not records; blank rows inside the data are kept as empty records.
    if (!any && !hasMore(data, r + 1, c0, width)) return
    yield { fields, line: r + 1 }
  }
}

function hasMore(data: CellObject[][], from: number, c0: number, width: number): boolean {
  for (let r = from; r < data.length; r++)
    for (let c = c0; c < width; c++) if (data[r]?.[c] && cellText(data[r][c], null) !== '') return true
  return false
}

type Where = { file: string; line: number; column: number }

function cellText(cell: CellObject | undefined, where: (() => Where) | null): string {
  if (!cell || cell.v === undefined || cell.v === null) return ''
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number
      if (typeof cell.z === 'string' && ssf.is_date(cell.z)) return dateText(v, where)
      return plainNumber(v)
    }
    case 'd': {
      const d = cell.v as Date
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE'
    case 'e':
    case 'z':
      return ''
    default:
      return String(cell.v as string)
  }
}

/**
 * A date-formatted serial as YYYY-MM-DD. Excel's day 0 ("1900-01-00") and day 60
 * ("1900-02-29", a leap day that never was, kept for Lotus 1-2-3) are not dates:
 * they are refused at their cell rather than turned into a date nobody entered.
 */
function dateText(v: number, where: (() => Where) | null): string {
  const day = Math.floor(v)
  if (day === 0 || day === 60) {
    if (!where) return 'x'
    const w = where()
    const shown = day === 0 ? '1900-01-00 (day 0)' : '1900-02-29 (day 60, a date that did not exist)'
    throw new CsvImportError([
      {
        ...w,
        message: `the cell is formatted as a date but holds Excel's ${shown}; enter the real date, or format the cell as a number if it is not a date`
      }
    ])
  }
  const d = ssf.parse_date_code(v)
  return d ? `${String(d.y).padStart(4, '0')}-${pad(d.m)}-${pad(d.d)}` : plainNumber(v)
}

/**
 * 1e-7 → "0.0000001": the CSV number rules accept exponents, but analysts read plain
 * decimals in the preview. Numbers too small or too large for a plain decimal keep
 * their exponent (toFixed(20) would round 5e-324 to "0" and cut 1.2345e-15 to "0.000000000000001").
 */
function plainNumber(v: number): string {
  const s = String(v)
  if (!/e/i.test(s) || Math.abs(v) >= 1e21) return s
  const plain = v.toFixed(20).replace(/\.?0+$/, '')
  return Number(plain) === v ? plain : s
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
