import type { Db } from '../db/port'
import { DomainError } from '../../shared/domain-error'
import { csvIssue } from '../../shared/errors'
import { readImportNotes } from '../data/import/import-notes'

/**
 * Negative quantities are returns (or corrections) booked as their own lines: no demand model
 * can take the log of them. The refusal names the file lines the import noted, and the fix:
 * net each item's returns against its sales per period (import the file as a transaction log).
 */
export function negativeQuantityError(db: Db, dataset: string, column: string, count: number): DomainError {
  const hint = `these look like return lines: net them against the sales of the same item and period by importing the file as a transaction log (pricelab import --dataset NAME --transactions --item-by COLUMN,… --time COLUMN --bucket week --quantity ${column} …), or drop them`
  const notes = readImportNotes(db, dataset)
  const note = notes?.negative_quantities
  // Lines are named only when the notes describe these very values (same column, same count).
  const noted = note && note.column === column && note.count === count ? note : null
  const file = notes?.file ?? ''
  if (!noted)
    return new DomainError('invalid_input', `column "${column}" has ${count} negative quantities: ${hint}`)
  const shown = noted.lines.map((l) => `line ${l}`).join(', ')
  const more = noted.count > noted.lines.length ? `, and ${noted.count - noted.lines.length} more` : ''
  return new DomainError(
    'invalid_input',
    `column "${column}" has ${count} negative quantities (${file}: ${shown}${more}): ${hint}`,
    noted.lines.map((line) =>
      csvIssue({
        file,
        line,
        column: noted.position,
        columnName: column,
        message: `negative quantity in column "${column}" (a return line?)`
      })
    )
  )
}
