/** Display formatting only; every number shown is computed in the core. */
export function formatNumber(v: unknown): string {
  if (v === null || v === undefined) return '—'
  if (typeof v !== 'number') return String(v)
  if (Number.isInteger(v)) return v.toLocaleString('en-US')
  const a = Math.abs(v)
  return v.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 1 : a >= 1 ? 2 : 4 })
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}

/** Number formats shared by the pages: a missing or non-finite value shows as an em dash. */
const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null

/** Fixed decimals. */
export function fixed(x: number | null | undefined, digits = 3): string {
  const v = finite(x)
  return v === null ? '—' : v.toFixed(digits)
}

/** A whole number with thousands separators. */
export function int(x: number | null | undefined): string {
  const v = finite(x)
  return v === null ? '—' : Math.round(v).toLocaleString('en-US')
}

/** A number with thousands separators and exactly `digits` decimals (12,345.60). */
export function grouped(x: number | null | undefined, digits = 2): string {
  const v = finite(x)
  return v === null
    ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** A mean of any scale to about four significant figures: 752.8, 12.35, 0.123 (not 752.836). */
export function mean(x: number | null | undefined): string {
  const a = Math.abs(finite(x) ?? 0)
  return grouped(x, a >= 100 ? 1 : a >= 10 ? 2 : 3)
}

/** A duration in milliseconds as seconds with one decimal (1,234.5 s). */
export function seconds(ms: number | null | undefined): string {
  const v = finite(ms)
  return v === null ? '—' : `${grouped(v / 1000, 1)} s`
}

/** A share (0.123) as a percentage with fixed decimals (12.3%). */
export function pct(share: number | null | undefined, digits = 1): string {
  const v = finite(share)
  return v === null ? '—' : `${grouped(v * 100, digits)}%`
}

/** A percentage with its sign, e.g. +4.2%. */
export function signedPct(x: number | null | undefined, digits = 1): string {
  const v = finite(x)
  if (v === null) return '—'
  // Never "+0.0%": a change that rounds to zero shows the digits it needs (up to 4), or says there is none.
  let d = digits
  while (d < 4 && Number(v.toFixed(d)) === 0) d++
  if (Number(v.toFixed(d)) === 0) return 'no change'
  return `${v > 0 ? '+' : ''}${v.toFixed(d)}%`
}

/**
 * An amount in its unit's decimals with thousands separators: 2.6 → "2.60" for a
 * currency with cents, 1234 → "1,234" for whole tokens; null decimals (a unit not
 * recorded): as formatNumber.
 */
export function money(x: number | null | undefined, decimals: number | null): string {
  const v = finite(x)
  if (v === null) return '—'
  return decimals === null ? formatNumber(v) : grouped(v, decimals)
}
