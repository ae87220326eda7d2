import type { CsvIssue } from '../../../shared/errors'
import { DATE_FORMATS } from '../../../shared/data'

/** Values that look like dates (3/4/24, 2024.3.4, 03-04-2025): as text, periods would sort wrongly. */
const DATE_LIKE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/

interface Seen {
  line: number
  value: string
  count: number
}

/**
 * A period column imported as text is checked on every row: dates stored as text would sort wrongly.
 * The issue points at the line to fix. A column of dates with a few other values was typed text because
 * of those values, so the first of them is named (the old check named line 2, the first date, when the
 * cell to correct was further down); labels with a stray date name the date; dates only name the first.
 */
export class TextPeriodCheck {
  private dates: Seen | null = null
  private others: Seen | null = null

  constructor(
    private readonly target: string,
    private readonly source: string,
    /** The column's position among the file's fields (0-based). */
    private readonly field: number
  ) {}

  see(fields: string[], line: number): void {
    const value = (fields[this.field] ?? '').trim()
    if (!value) return
    const kind = DATE_LIKE.test(value) ? 'dates' : 'others'
    const seen = this[kind]
    if (seen) seen.count++
    else this[kind] = { line, value, count: 1 }
  }

  issue(): Omit<CsvIssue, 'file'> | null {
    const { dates, others } = this
    if (!dates) return null
    const at = (s: Seen) => ({ line: s.line, column: this.field + 1, columnName: this.source })
    const fix = `import the column as a date with its format (${DATE_FORMATS.join(', ')})`
    if (!others)
      return {
        ...at(dates),
        message: `the period column "${this.target}" holds dates like ${JSON.stringify(dates.value)} but is imported as text, where periods would sort wrongly: ${fix}`
      }
    if (dates.count >= others.count)
      return {
        ...at(others),
        message: `${JSON.stringify(others.value)} in the period column "${this.target}" is not a date, while ${dates.count} of its values are dates (like ${JSON.stringify(dates.value)} on line ${dates.line}), so the column was read as text, where periods would sort wrongly: correct this cell${others.count > 1 ? ` and the ${others.count - 1} other non-dates` : ''} (or leave it blank), then ${fix}`
      }
    return {
      ...at(dates),
      message: `${JSON.stringify(dates.value)} in the period column "${this.target}" looks like a date among period labels (like ${JSON.stringify(others.value)} on line ${others.line}), and would sort among them wrongly: write it as a label like the others`
    }
  }
}
