import type { SqlValue } from '../../../shared/data/results'
import { csvFixed } from '../../../shared/format/numbers'

/**
 * Characters that make Excel or LibreOffice read a cell as a formula. A text cell
 * starting with one is prefixed with an apostrophe; so is one that already starts
 * with apostrophes before such a character, which keeps the escaping reversible
 * (see unescapeFormula, used by the importer).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

export function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text
}

/** RFC 4180 quoting: a field holding the delimiter, a quote, CR or LF is quoted, quotes doubled. */
export function quoteField(text: string, delimiter = ','): string {
  if (text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r'))
    return `"${text.replace(/"/g, '""')}"`
  return text
}

/** A number written with a fixed count of decimals ("1.60"): money as the page shows it. */
export interface FixedDecimal {
  readonly fixed: string
}

/** A number cell written by the shared formatter (src/shared/format): the same digits the page shows, no grouping. */
export function fixedDecimal(x: number, decimals: number): FixedDecimal | null {
  const text = csvFixed(x, decimals)
  return text === null ? null : { fixed: text }
}

export type CsvValue = SqlValue | boolean | undefined | FixedDecimal

/**
 * One CSV cell. Numbers are written in JavaScript's shortest round-trip form, so
 * reading them back gives the same double; text is formula-neutralized then quoted.
 */
export function csvCell(value: CsvValue, delimiter = ','): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object' && 'fixed' in value) return value.fixed
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (value instanceof Uint8Array) return ''
  return quoteField(neutralizeFormula(value), delimiter)
}

export function csvLine(values: readonly CsvValue[], delimiter = ','): string {
  let s = ''
  for (let i = 0; i < values.length; i++) {
    if (i) s += delimiter
    s += csvCell(values[i], delimiter)
  }
  return s + '\r\n'
}

export const UTF8_BOM = '\uFEFF'

/** A whole CSV document: header, rows, optionally a UTF-8 BOM for Excel. */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
  bom = false
): string {
  return (bom ? UTF8_BOM : '') + csvLine(header) + rows.map((r) => csvLine(r)).join('')
}

/** A CSV document of records: one column per named field, in the order given. */
export function csvRecords<T, K extends keyof T & string>(
  columns: readonly K[],
  records: readonly T[],
  bom = false
): string {
  return csvDocument(
    columns,
    records.map((r) => columns.map((c) => r[c] as SqlValue | boolean | undefined)),
    bom
  )
}
