/** Calendar dates as ISO strings (YYYY-MM-DD) and whole days since 1970-01-01 UTC; no time zones involved. */
const MS_PER_DAY = 86_400_000

export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

export function isoToDay(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / MS_PER_DAY)
}

/** Memoizes dayToIso for the few thousand distinct days a generator run touches. */
export function isoCache(): (day: number) => string {
  const cache = new Map<number, string>()
  return (day) => {
    let s = cache.get(day)
    if (s === undefined) {
      s = dayToIso(day)
      cache.set(day, s)
    }
    return s
  }
}
