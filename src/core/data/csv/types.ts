import { guessDateFormat, isValidIsoDate, parseDate } from './dates'
import type { ColumnType, DateFormat, DecimalSeparator } from '../../../shared/data'
import type { InferredColumn } from '../../../shared/data/results'

const INTEGER = /^[+-]?\d+$/
const NUMBER_DOT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const NUMBER_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/
/** Markers that mean "no value" in a typed (non-text) column. */
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'null', 'NULL', '-'])

/** A missing marker as the preview counts it (any type): empty, NA, null, "-"… */
export function isMissingMarker(raw: string): boolean {
  return MISSING.has(raw.trim())
}

export function isMissing(raw: string, type: ColumnType): boolean {
  return type === 'text' ? raw === '' : MISSING.has(raw.trim())
}

export function isValidDate(s: string): boolean {
  return isValidIsoDate(s)
}

export type Converted = { ok: true; value: number | string | null } | { ok: false; expected: string }

/** Converts one raw field; numbers come back as JS numbers, which SQLite stores exactly. */
export function convertValue(
  raw: string,
  type: ColumnType,
  decimal: DecimalSeparator = '.',
  dateFormat: DateFormat = 'YYYY-MM-DD'
): Converted {
  if (isMissing(raw, type)) return { ok: true, value: null }
  if (type === 'text')
    return raw.includes('\0')
      ? {
          ok: false,
          expected:
            'text without NUL characters (zero bytes; remove them, or save the file as "CSV UTF-8" if it is UTF-16/UTF-32)'
        }
      : { ok: true, value: raw }
  const s = raw.trim()
  switch (type) {
    case 'integer': {
      if (!INTEGER.test(s)) return { ok: false, expected: 'a whole number' }
      const v = Number(s)
      if (!Number.isSafeInteger(v))
        return { ok: false, expected: `a whole number within ±${Number.MAX_SAFE_INTEGER}` }
      return { ok: true, value: v }
    }
    case 'number': {
      if (decimal === ',') {
        if (!NUMBER_COMMA.test(s)) return { ok: false, expected: 'a number with a decimal comma, like 12,5' }
        const v = Number(s.replace(',', '.'))
        // 1e400 overflows to Infinity in every locale: refused like in a dot-decimal file.
        if (!Number.isFinite(v)) return { ok: false, expected: 'a finite number' }
        return { ok: true, value: v }
      }
      if (!NUMBER_DOT.test(s)) return { ok: false, expected: 'a number, like 12.5' }
      const v = Number(s)
      if (!Number.isFinite(v)) return { ok: false, expected: 'a finite number' }
      return { ok: true, value: v }
    }
    case 'date': {
      const v = parseDate(s, dateFormat)
      if (v === null) return { ok: false, expected: `a date as ${dateFormat}` }
      return { ok: true, value: v }
    }
  }
}

/**
 * The narrowest type every non-missing sample value fits (integer ⊂ number; date;
 * otherwise text). A column with a decimal comma is a number only when the file is
 * not comma-delimited (there a comma would already have split the field).
 */
export function inferColumns(
  header: string[],
  rows: string[][],
  delimiter: string
): { columns: InferredColumn[]; decimal: DecimalSeparator } {
  const allowComma = delimiter !== ','
  let commaVotes = 0
  let dotVotes = 0
  const columns = header.map((name, c) => {
    let intFails = 0
    let numFails = 0
    let commaFails = 0
    let missing = 0
    let seen = 0
    const distinct = new Set<string>()
    const examples: string[] = []
    const present: string[] = []
    for (const r of rows) {
      const raw = r[c] ?? ''
      if (isMissingMarker(raw)) {
        missing++
        continue
      }
      const s = raw.trim()
      seen++
      if (distinct.size < 10_000) distinct.add(raw)
      if (examples.length < 3 && !examples.includes(raw)) examples.push(raw)
      if (!INTEGER.test(s)) intFails++
      if (!NUMBER_DOT.test(s)) numFails++
      if (!allowComma || !NUMBER_COMMA.test(s)) commaFails++
      present.push(s)
    }
    // A typo among many numbers should not turn a price column into text: up to 2% of the
    // sampled values may be invalid; the import then stops on them, naming their line,
    // instead of silently storing the whole column as text.
    const fits = (fails: number) => seen > 0 && fails <= Math.floor(seen * 0.02)
    let type: ColumnType = 'text'
    let invalid = 0
    if (fits(intFails) && intFails === 0) type = 'integer'
    else if (fits(numFails) && numFails <= commaFails) {
      type = 'number'
      invalid = numFails
      dotVotes++
    } else if (fits(commaFails)) {
      type = 'number'
      invalid = commaFails
      commaVotes++
    } else {
      const guess = guessDateFormat(present, Math.floor(seen * 0.02))
      if (guess.candidates.length) {
        type = 'date'
        invalid = guess.fails
        return {
          name,
          type,
          missing,
          distinct: distinct.size,
          examples,
          invalid,
          dateFormat: guess.format,
          ...(guess.candidates.length > 1 ? { dateFormats: guess.candidates } : {})
        }
      }
    }
    return { name, type, missing, distinct: distinct.size, examples, invalid }
  })
  return { columns, decimal: commaVotes > dotVotes ? ',' : '.' }
}
