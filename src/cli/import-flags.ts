import { UsageError, choiceFlag } from './args'
import { DELIMITERS, type Delimiter } from '../shared/data'
import { DATE_FORMATS, type DateFormat, TEXT_ENCODINGS, type TextEncoding } from '../shared/data'
import type { ImportColumn } from '../shared/data/calls'
import type { CsvPreview } from '../shared/data/results'

export function dateFormatFlag(value: string | undefined): DateFormat | undefined {
  return choiceFlag('import', value, '--date-format', DATE_FORMATS, undefined)
}

/** --delimiter: , ; or the word tab (a tab character is awkward to type in a shell). */
export function delimiterFlag(command: string, value: string | undefined): Delimiter | undefined {
  if (value === undefined) return undefined
  const d = DELIMITERS.find((x) => x === (value === 'tab' ? '\t' : value))
  if (d === undefined) throw new UsageError(`${command}: --delimiter must be , ; or tab`)
  return d
}

/** --encoding: a text encoding PriceLab transcodes (omitted: guessed from the file). */
export function encodingFlag(value: string | undefined): TextEncoding | undefined {
  if (value === undefined) return undefined
  const v =
    value.toLowerCase() === 'latin-1' || value.toLowerCase() === 'latin1'
      ? 'windows-1252'
      : value.toLowerCase()
  return choiceFlag('import', v, '--encoding', TEXT_ENCODINGS, undefined)
}

/**
 * The import plan's columns from the preview. A date column whose days are all ≤ 12
 * reads as DD/MM/YYYY or MM/DD/YYYY: the user must say which (--date-format), PriceLab
 * never guesses. (A period column of date-like text is refused by the import itself.)
 */
export function planColumns(preview: CsvPreview, dateFormat: DateFormat | undefined): ImportColumn[] {
  return preview.columns.map((c) => {
    const col: ImportColumn = { source: c.name, target: c.name.trim(), type: c.type }
    if (c.type === 'date') {
      const chosen =
        c.dateFormat ?? (dateFormat && c.dateFormats?.includes(dateFormat) ? dateFormat : undefined)
      if (!chosen)
        throw new UsageError(
          `import: the dates of column "${c.name}" (like ${c.examples.map((e) => JSON.stringify(e)).join(', ')}) read as ${(c.dateFormats ?? []).join(' or ')}: give --date-format ${(c.dateFormats ?? []).join(' or --date-format ')}`
        )
      if (chosen !== 'YYYY-MM-DD') col.dateFormat = chosen
    }
    return col
  })
}

/** generate's numbers, checked before any file is created (bad usage exits 2 and leaves nothing). */
export function checkGenerateFlags(seed: number, scale: number): void {
  if (!(scale > 0 && scale <= 100))
    throw new UsageError(`generate: --scale must be above 0 and at most 100, got ${scale}`)
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31)
    throw new UsageError(`generate: --seed must be a whole number from 0 to 2147483648, got ${seed}`)
}
