/** One problem in an input file, located the way an analyst would look for it in an editor. */
export interface CsvIssue {
  file: string
  /** 1-based physical line in the file. */
  line: number
  /** 1-based CSV column (field index); for encoding errors, the field being read. */
  column: number
  columnName?: string
  message: string
  expected?: string
  found?: string
}

export function formatIssue(i: CsvIssue): string {
  const where = `${i.file}:${i.line}:${i.column}`
  const col = i.columnName !== undefined ? ` (column "${i.columnName}")` : ''
  return `${where}${col}: ${i.message}`
}

/** Thrown when a file cannot be imported; nothing has been written when it is thrown. */
export class CsvImportError extends Error {
  constructor(readonly issues: CsvIssue[]) {
    super(
      issues.length
        ? formatIssue(issues[0]) + (issues.length > 1 ? ` (and ${issues.length - 1} more)` : '')
        : 'import failed'
    )
    this.name = 'CsvImportError'
  }
}

export class CancelledError extends Error {
  constructor(what = 'operation') {
    super(`${what} cancelled`)
    this.name = 'CancelledError'
  }
}
