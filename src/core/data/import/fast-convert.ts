import type { ColumnType, DateFormat, DecimalSeparator } from '../../../shared/data'

/** Returned when the fast path is not sure: the caller converts the field with convertValue (same result, with the reason on failure). */
export const SLOW: unique symbol = Symbol('slow')
export type Fast = number | string | null | typeof SLOW

const D0 = 48
const D9 = 57
const PLUS = 43
const MINUS = 45
const DOT = 46

const isDigit = (c: number) => c >= D0 && c <= D9
/** 1 when the field starts with a sign (+ or −), else 0: where its digits start. */
const signLength = (raw: string) => {
  const c = raw.charCodeAt(0)
  return c === PLUS || c === MINUS ? 1 : 0
}

/** Plain integers of up to 15 digits (always safe integers), an optional sign: what almost every integer field is. */
function fastInteger(raw: string): Fast {
  const n = raw.length
  if (n === 0 || n > 16) return SLOW
  const i = signLength(raw)
  if (i === n || n - i > 15) return SLOW
  for (let k = i; k < n; k++) if (!isDigit(raw.charCodeAt(k))) return SLOW
  return Number(raw)
}

/** Plain decimals (digits, at most one dot, an optional sign, no exponent, no spaces). */
function fastNumber(raw: string): Fast {
  const n = raw.length
  if (n === 0 || n > 24) return SLOW
  const i = signLength(raw)
  let digits = 0
  let dots = 0
  for (let k = i; k < n; k++) {
    const c = raw.charCodeAt(k)
    if (isDigit(c)) digits++
    else if (c === DOT && dots === 0) dots++
    else return SLOW
  }
  return digits ? Number(raw) : SLOW
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at)
  const b = s.charCodeAt(at + 1)
  return isDigit(a) && isDigit(b) ? (a - D0) * 10 + (b - D0) : -1
}

/** YYYY-MM-DD exactly (years 100–9999; anything else, e.g. with a time, takes the full check). */
function fastIsoDate(raw: string): Fast {
  if (raw.length !== 10 || raw.charCodeAt(4) !== MINUS || raw.charCodeAt(7) !== MINUS) return SLOW
  const hi = twoDigits(raw, 0)
  const lo = twoDigits(raw, 2)
  const m = twoDigits(raw, 5)
  const d = twoDigits(raw, 8)
  if (hi < 0 || lo < 0 || m < 0 || d < 0) return SLOW
  const y = hi * 100 + lo
  if (y < 100 || m < 1 || m > 12 || d < 1) return SLOW
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  return d <= DAYS[m - 1] + (leap ? 1 : 0) ? raw : SLOW
}

/**
 * A converter for the fields an import sees most (plain numbers, ISO dates, non-empty text)
 * that allocates nothing and returns exactly what convertValue would; anything unusual
 * (spaces, missing markers, exponents, decimal commas, other date formats, an invalid value)
 * returns SLOW and goes through convertValue.
 */
export function fastConverter(
  type: ColumnType,
  decimal: DecimalSeparator,
  dateFormat: DateFormat | undefined
): (raw: string) => Fast {
  switch (type) {
    case 'text':
      // A NUL character goes the slow way, where it is refused (it would be stored unseen).
      return (raw) => (raw === '' ? null : raw.includes('\0') ? SLOW : raw)
    case 'integer':
      return fastInteger
    case 'number':
      return decimal === '.' ? fastNumber : () => SLOW
    case 'date':
      return (dateFormat ?? 'YYYY-MM-DD') === 'YYYY-MM-DD' ? fastIsoDate : () => SLOW
  }
}
