import { isoToDay } from '../util/dates'

/**
 * Periods as periods: a dataset's period column holds week numbers (40 … 160), ISO dates, or
 * labels. Compared as text, week 99 comes after week 160 ("99" > "160"), so the latest period,
 * the pre-period and the CUPED covariate would all be wrong. Numbers compare as numbers, dates
 * as dates, and only what is neither as text.
 */
export type PeriodValue = string | number | bigint | null | undefined

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/

/** A sortable key: [kind, value] where kind 0 = number, 1 = date (day number), 2 = text. */
function keyOf(v: PeriodValue): [number, number | string] {
  if (typeof v === 'number' || typeof v === 'bigint') return [0, Number(v)]
  const s = String(v ?? '').trim()
  if (s !== '' && Number.isFinite(Number(s))) return [0, Number(s)]
  if (ISO_DATE.test(s)) {
    const day = isoToDay(s.slice(0, 10))
    if (Number.isFinite(day)) return [1, day]
  }
  return [2, s]
}

/** Negative when a is the earlier period, 0 when the same, positive when later. */
export function comparePeriods(a: PeriodValue, b: PeriodValue): number {
  const [ka, va] = keyOf(a)
  const [kb, vb] = keyOf(b)
  if (ka !== kb) return ka - kb
  return va < vb ? -1 : va > vb ? 1 : 0
}

/** Whether two periods are of one kind (both numbers, both dates, or both text) and so can be compared. */
export function samePeriodKind(a: PeriodValue, b: PeriodValue): boolean {
  return keyOf(a)[0] === keyOf(b)[0]
}

/** The text a period is written as (a week number without a trailing ".0"). */
export function periodText(v: PeriodValue): string {
  return typeof v === 'number' || typeof v === 'bigint' ? String(Number(v)) : String(v ?? '')
}

/**
 * Which periods a test's pre-period holds: those before the test's start (exclusive), or those
 * up to and including the last period the plan was made from.
 */
export type PeriodBound = { before: string } | { through: string } | null

/** Whether a period lies inside the bound (always, without one). */
export function withinBound(v: PeriodValue, bound: PeriodBound): boolean {
  if (!bound) return true
  if ('before' in bound) return comparePeriods(v, bound.before) < 0
  return comparePeriods(v, bound.through) <= 0
}
