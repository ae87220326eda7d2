import { DomainError } from '../../../shared/domain-error'
import { csvIssue, type CsvIssue, type Issue } from '../../../shared/errors'

export function formatIssue(i: CsvIssue): string {
  const where = `${i.file}:${i.line}:${i.column}`
  const col = i.columnName !== undefined ? ` (column "${i.columnName}")` : ''
  return `${where}${col}: ${i.message}`
}

/** Thrown when a file cannot be imported; nothing has been written when it is thrown. */
export class CsvImportError extends DomainError {
  declare readonly issues: (CsvIssue & Issue)[]
  constructor(issues: CsvIssue[]) {
    super(
      'csv_error',
      issues.length
        ? formatIssue(issues[0]) + (issues.length > 1 ? ` (and ${issues.length - 1} more)` : '')
        : 'import failed',
      issues.map(csvIssue)
    )
    this.name = 'CsvImportError'
  }
}

export class CancelledError extends DomainError {
  constructor(what = 'operation') {
    super('cancelled', `${what} cancelled`)
    this.name = 'CancelledError'
  }
}
