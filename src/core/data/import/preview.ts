import { CsvImportError } from '../csv/errors'
import type { CsvIssue } from '../../../shared/errors'
import type { ByteSource } from '../csv/reader'
import { inferColumns } from '../csv/types'
import { readRecords, type WorkbookParser } from './records'
import { guessRoles } from './roles'
import type { Delimiter, TextEncoding } from '../../../shared/data'
import type { CsvPreview } from '../../../shared/data/results'

export const PREVIEW_SAMPLE_ROWS = 5000

/** Reads the header and a sample, infers column types; the rest of the file is not read. */
export async function previewCsv(
  source: ByteSource,
  file: string,
  opts: {
    delimiter?: Delimiter
    encoding?: TextEncoding
    sheet?: string
    workbook?: WorkbookParser
    maxUnpackedBytes?: number
  } = {}
): Promise<CsvPreview> {
  let header: string[] | null = null
  const rows: string[][] = []
  let truncated = false
  const read = await readRecords(source, { file, ...opts, maxRows: PREVIEW_SAMPLE_ROWS + 2 }, (fields) => {
    if (!header) {
      header = fields
      return
    }
    if (rows.length >= PREVIEW_SAMPLE_ROWS) {
      truncated = true
      return false
    }
    rows.push(fields)
  })
  if (!header)
    throw new CsvImportError([
      {
        file,
        line: 1,
        column: 1,
        message:
          read.format === 'xlsx'
            ? `the sheet "${read.sheet ?? ''}" is empty (expected column names in its first row); choose the sheet that holds the data`
            : 'the file is empty (expected column names on line 1)'
      }
    ])
  const h: string[] = header
  const issues = headerIssues(file, h)
  if (issues.length) throw new CsvImportError(issues)
  const { columns, decimal } = inferColumns(h, rows, read.delimiter)
  return {
    file,
    format: read.format,
    encoding: read.encoding,
    sheets: read.sheets,
    sheet: read.sheet,
    roles: guessRoles(columns),
    delimiter: read.delimiter,
    decimal,
    header: h,
    columns,
    rows: rows.slice(0, 50),
    sampledRows: rows.length,
    truncated
  }
}

/** The longest column name a project stores (the import plan's limit). */
export const MAX_COLUMN_NAME = 200

/** Empty, too long and duplicate column names, located on line 1. */
export function headerIssues(file: string, header: string[]): CsvIssue[] {
  const issues: CsvIssue[] = []
  const seen = new Map<string, number>()
  if (/^\s*<(!doctype\s+html|html|head|body|table)\b/i.test(header[0] ?? ''))
    return [
      {
        file,
        line: 1,
        column: 1,
        message:
          'the file is a web page (HTML), not a CSV or an Excel workbook, whatever its name; open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then import that'
      }
    ]
  header.forEach((raw, i) => {
    const name = raw.trim()
    if (name.includes('\0'))
      issues.push({
        file,
        line: 1,
        column: i + 1,
        message: `the name of column ${i + 1} contains a NUL character (a zero byte); the file is binary or not UTF-8/UTF-16 text: save it as "CSV UTF-8" and import that`
      })
    if (name.length > MAX_COLUMN_NAME)
      issues.push({
        file,
        line: 1,
        column: i + 1,
        columnName: `${name.slice(0, 40)}…`,
        message: `the name of column ${i + 1} is ${name.length} characters long; a column name has at most ${MAX_COLUMN_NAME} characters (shorten it in the header row)`
      })
    if (!name)
      issues.push({
        file,
        line: 1,
        column: i + 1,
        message: `column ${i + 1} has no name (expected a column name in the header)`
      })
    const key = name.toLowerCase()
    const first = seen.get(key)
    if (name && first !== undefined)
      issues.push({
        file,
        line: 1,
        column: i + 1,
        columnName: name,
        message: `duplicate column name "${name}" (also column ${first + 1}; expected unique names)`
      })
    else seen.set(key, i)
  })
  return issues
}
