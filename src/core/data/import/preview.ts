import { CsvImportError, type CsvIssue } from '../csv/errors'
import type { Delimiter } from '../csv/parser'
import { readCsv, type ByteSource } from '../csv/reader'
import { inferColumns, type DecimalSeparator, type InferredColumn } from '../csv/types'

export interface CsvPreview {
  file: string
  delimiter: Delimiter
  decimal: DecimalSeparator
  header: string[]
  columns: InferredColumn[]
  /** The first rows as read, for the preview table. */
  rows: string[][]
  /** Rows the types were inferred from. */
  sampledRows: number
  /** False when the whole file fit in the sample. */
  truncated: boolean
}

export const PREVIEW_SAMPLE_ROWS = 5000

/** Reads the header and a sample, infers column types; the rest of the file is not read. */
export async function previewCsv(
  source: ByteSource,
  file: string,
  opts: { delimiter?: Delimiter } = {}
): Promise<CsvPreview> {
  let header: string[] | null = null
  const rows: string[][] = []
  let truncated = false
  const { delimiter } = await readCsv(source, { file, delimiter: opts.delimiter }, (fields) => {
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
      { file, line: 1, column: 1, message: 'the file has no header row (expected column names on line 1)' }
    ])
  const h: string[] = header
  const issues = headerIssues(file, h)
  if (issues.length) throw new CsvImportError(issues)
  const { columns, decimal } = inferColumns(h, rows, delimiter)
  return {
    file,
    delimiter,
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
  header.forEach((raw, i) => {
    const name = raw.trim()
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
