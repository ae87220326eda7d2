import { DATE_FORMATS, type DateFormat } from '../../../shared/data'

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/
const DAY_FIRST_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const YEAR_FIRST_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export function isValidIsoDate(s: string): boolean {
  const m = ISO.exec(s)
  if (!m) return false
  if (!validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) return false
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false
  return true
}

/** The value as stored (YYYY-MM-DD, or the ISO text itself), or null when it is not a date in that format. */
export function parseDate(s: string, format: DateFormat): string | null {
  if (format === 'YYYY-MM-DD') return isValidIsoDate(s) ? s : null
  const re = format === 'YYYY/MM/DD' ? YEAR_FIRST_SLASH : format === 'DD.MM.YYYY' ? DOTTED : DAY_FIRST_SLASH
  const m = re.exec(s)
  if (!m) return null
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const [y, mo, d] = format === 'YYYY/MM/DD' ? [a, b, c] : format === 'MM/DD/YYYY' ? [c, a, b] : [c, b, a] // DD/MM and DD.MM
  return validYmd(y, mo, d) ? iso(y, mo, d) : null
}

/** What a column's sampled values say about its date format. */
export interface DateGuess {
  /** The one format that fits; null when none does, or when two do (see `candidates`). */
  format: DateFormat | null
  /** Formats that fit equally well: more than one means the user must choose. */
  candidates: DateFormat[]
  /** Sampled values that fit none of the candidates. */
  fails: number
}

/**
 * The date format of sampled values, allowing `tolerance` misfits (typos the import
 * will then report by line). Formats are tried from the least to the most ambiguous.
 */
export function guessDateFormat(values: string[], tolerance: number): DateGuess {
  const fails = new Map<DateFormat, number>()
  for (const f of DATE_FORMATS) fails.set(f, 0)
  for (const v of values)
    for (const f of DATE_FORMATS) if (parseDate(v, f) === null) fails.set(f, (fails.get(f) ?? 0) + 1)
  const fit = DATE_FORMATS.filter((f) => (fails.get(f) ?? 0) <= tolerance && values.length > 0)
  if (!fit.length) return { format: null, candidates: [], fails: values.length }
  const best = Math.min(...fit.map((f) => fails.get(f) ?? 0))
  const top = fit.filter((f) => fails.get(f) === best)
  return { format: top.length === 1 ? top[0] : null, candidates: top, fails: best }
}
