import type { Bucket, Weekday } from '../../../../shared/transactions'
import { WEEKDAYS } from '../../../../shared/transactions'
import { isoToDay } from '../../../util/dates'

/**
 * The first day of the bucket holding `day` (whole days since 1970-01-01, UTC calendar).
 * 1970-01-01 was a Thursday (weekday 4).
 */
export function bucketStart(day: number, bucket: Bucket, weekStart: Weekday): number {
  if (bucket === 'day') return day
  if (bucket === 'week') {
    const weekday = (((day + 4) % 7) + 7) % 7
    const back = (weekday - WEEKDAYS.indexOf(weekStart) + 7) % 7
    return day - back
  }
  const d = new Date(day * 86_400_000)
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000)
}

/** The day of an ISO date or timestamp as PriceLab stores it (YYYY-MM-DD…): the calendar date written, no time zone. */
export function dayOfIso(iso: string): number {
  return isoToDay(iso)
}
