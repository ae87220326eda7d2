import { read, SSF, type CellObject, type WorkBook } from '@e965/xlsx'
import { CsvImportError } from '../csv/errors'

/** An .xlsx workbook (or any zip) starts with the local-file-header magic "PK\x03\x04". */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
}

/** Largest workbook read (it is unzipped in memory): ~1.3 M rows of a typical sales sheet. */
export const MAX_XLSX_BYTES = 200 * 1024 * 1024

// SheetJS types its number-format helper as `any`; these are the two calls used.
const ssf = SSF as {
  is_date: (fmt: string) => boolean
  parse_date_code: (v: number) => { y: number; m: number; d: number } | null
}

export interface XlsxReadResult {
  sheets: string[]
  sheet: string
  rows: number
}

/**
 * Reads one sheet of a workbook row by row as text fields, like a CSV: numbers in
 * plain notation with a decimal point, date-formatted cells as YYYY-MM-DD, booleans
 * as TRUE/FALSE, empty cells and error cells as empty fields. Line numbers are the
 * sheet's row numbers, so a problem points at the row the analyst sees in Excel.
 */
export function readXlsx(
  bytes: Uint8Array,
  opts: { file: string; sheet?: string; maxRows?: number },
  onRecord: (fields: string[], line: number) => boolean | void
): XlsxReadResult {
  let wb: WorkBook
  try {
    wb = read(bytes, {
      type: 'array',
      dense: true,
      cellNF: true,
      cellText: false,
      cellFormula: false,
      // A preview parses only the rows it shows (parsing is most of the time of a large sheet).
      ...(opts.maxRows ? { sheetRows: opts.maxRows } : {})
    })
  } catch (e) {
    throw new CsvImportError([
      {
        file: opts.file,
        line: 1,
        column: 1,
        message: `the file is a zip archive but not a readable Excel workbook (${(e as Error).message}); expected an .xlsx workbook or a CSV file`
      }
    ])
  }
  const sheets = wb.SheetNames
  // Default: the sheet with the most rows (a workbook often starts with a notes or cover sheet).
  const rowsOf = (s: string) => wb.Sheets[s]['!data']?.length ?? 0
  const name =
    opts.sheet ??
    sheets.reduce<string | undefined>((a, s) => (a === undefined || rowsOf(s) > rowsOf(a) ? s : a), undefined)
  const ws = name !== undefined ? wb.Sheets[name] : undefined
  if (!ws || name === undefined)
    throw new CsvImportError([
      {
        file: opts.file,
        line: 1,
        column: 1,
        message: `the workbook has no sheet named "${opts.sheet ?? ''}" (sheets: ${sheets.join(', ')})`
      }
    ])
  const data = ws['!data'] ?? []
  // Rows start where the sheet's data starts; columns at the first used column of the header row.
  let first = 0
  while (first < data.length && !data[first]?.some((c) => c && c.v !== undefined && c.v !== '')) first++
  const header = data[first] ?? []
  let c0 = 0
  while (c0 < header.length && (header[c0] === undefined || header[c0]?.v === undefined)) c0++
  let width = header.length
  while (width > c0 && (header[width - 1]?.v === undefined || header[width - 1]?.v === '')) width--
  let rows = 0
  for (let r = first; r < data.length; r++) {
    const row = data[r] ?? []
    const fields = new Array<string>(width - c0)
    let any = false
    for (let c = c0; c < width; c++) {
      const s = cellText(row[c])
      if (s !== '') any = true
      fields[c - c0] = s
    }
    // Trailing blank rows (formatting only) are not records; blank rows inside the data are kept as empty records.
    if (!any && !hasMore(data, r + 1, c0, width)) break
    rows++
    if (onRecord(fields, r + 1) === false) break
  }
  return { sheets, sheet: name, rows }
}

function hasMore(data: CellObject[][], from: number, c0: number, width: number): boolean {
  for (let r = from; r < data.length; r++)
    for (let c = c0; c < width; c++) if (cellText(data[r]?.[c]) !== '') return true
  return false
}

function cellText(cell: CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return ''
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number
      if (typeof cell.z === 'string' && ssf.is_date(cell.z)) {
        const d = ssf.parse_date_code(v)
        if (d) return `${String(d.y).padStart(4, '0')}-${pad(d.m)}-${pad(d.d)}`
      }
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

/** 1e-7 → "0.0000001": the CSV number rules accept exponents, but analysts read plain decimals in the preview. */
function plainNumber(v: number): string {
  const s = String(v)
  return /e/i.test(s) && Math.abs(v) < 1e21 ? v.toFixed(20).replace(/\.?0+$/, '') : s
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
