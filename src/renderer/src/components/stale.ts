/**
 * Whether shown results still match the form: a result remembers the settings it
 * was computed with, and is stale once the form differs or the last run failed.
 * Keys are compared as JSON with sorted object keys, so the order fields were
 * set in (or a server round trip) does not make results look stale.
 */
export function settingsKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x
  )
}

export type Staleness = 'fresh' | 'settings' | 'failed' | 'data'

/**
 * fresh: results match `current`; settings: computed with others; failed: the last run failed after them;
 * data: computed on data regenerated or replaced since (what the form says does not matter then).
 */
export function staleness(
  computedWith: unknown,
  current: unknown,
  failed = false,
  dataChanged = false
): Staleness {
  if (dataChanged) return 'data'
  if (failed) return 'failed'
  if (computedWith === undefined) return 'fresh'
  return settingsKey(computedWith) === settingsKey(current) ? 'fresh' : 'settings'
}
