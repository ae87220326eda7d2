/**
 * One formatter for every number PriceLab shows or writes: the pages, the CLI's text, the study report and the
 * CSV files. Pure (no DOM, no locale of the machine: always en-US), so the same value reads the same everywhere.
 *
 * Rules (README, "Numbers"):
 * - Human text (page, CLI, report) groups thousands ("15,880.50"); CSV number cells never do.
 * - Money goes to the dataset's price grid (`priceDecimals`): cents "1.60" for a currency with cents, whole units
 *   for tokens; the same decimals on the page and in the price sheet CSV.
 * - Percents to 2 decimals; a change never shows as "+0.00%": it gets the digits it needs (up to 4: "+0.004%")
 *   or reads "no change".
 * - An interval is written with the digits that keep its shown point inside it ("+0.54% (+0.45% to +0.55%)",
 *   never "+0.54%" beside "+0.4% to +0.5%").
 * - CSV cells are rounded like the page (`csvFixed`: "0.1764", not 0.17643714557740764); full precision stays
 *   only where a file is an input to another tool (plan assignments, the run JSON).
 */

/** What a missing or non-finite number shows as. */
export const DASH = '—'
/** Percents are shown with two decimals. */
export const PCT_DIGITS = 2
/** The most decimals a change that rounds to zero, or an interval around its point, is given. */
const MAX_DIGITS = 6

const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null

/**
 * 10 ** d for d = 0 … 22, computed once by the same expression: `10 ** digits` with a digits known only at
 * run time is a call to the general power function, millions of times per 100k-item price sheet.
 */
const POW10 = Array.from({ length: 23 }, (_, d) => 10 ** d)

/** 10 ** digits, from the table where it holds the value. */
export const tenTo = (digits: number): number =>
  Number.isInteger(digits) && digits >= 0 && digits < POW10.length ? POW10[digits] : 10 ** digits

/** Rounded half away from zero at `digits` decimals, as a double that prints as the decimal ("2.6"). */
export function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x
  const f = tenTo(digits)
  const r = Math.round(Math.abs(x) * f) / f
  return x < 0 ? -r : r
}

/** Fixed decimals, no grouping ("1234.500"); em dash when missing. */
export function fixed(x: number | null | undefined, digits = 3): string {
  const v = finite(x)
  return v === null ? DASH : noNegativeZero(v.toFixed(digits))
}

/**
 * `v.toLocaleString('en-US', { minimumFractionDigits, maximumFractionDigits })`, written out: the first use of
 * Intl in a process costs ~35 ms of CPU (ICU loads its number data), and a call after that ~50 µs, on the
 * thread that serves the window. Same text: the shortest decimal that reads back as `v` (what ICU formats),
 * rounded half away from zero, thousands grouped with ",", a minus kept on a negative that rounds to zero.
 */
export function enUs(v: number, minDigits = 0, maxDigits = Math.max(minDigits, 3)): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v < 0 ? '-∞' : '∞'
  const minus = v < 0 || Object.is(v, -0) ? '-' : ''
  // "d.ddde±x": the shortest digits that round-trip, and the power of ten of the first one.
  const [mantissa, exp] = Math.abs(v).toExponential().split('e')
  let digits = mantissa.replace('.', '')
  let point = Number(exp) + 1 // digits before the decimal point
  if (point < 1) {
    digits = '0'.repeat(1 - point) + digits
    point = 1
  }
  if (digits.length < point + maxDigits) digits = digits.padEnd(point + maxDigits, '0')
  const keep = point + maxDigits
  let kept = digits.slice(0, keep)
  if (digits.charCodeAt(keep) >= 53 /* '5': half away from zero */) kept = addOne(kept)
  if (kept.length > keep) point++ // 9.99 → 10.0
  let whole = kept.slice(0, point).replace(/^0+(?=\d)/, '')
  let frac = kept.slice(point)
  while (frac.length > minDigits && frac.endsWith('0')) frac = frac.slice(0, -1)
  whole = whole.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${minus}${whole}${frac ? `.${frac}` : ''}`
}

/** A string of decimal digits plus one in its last place ("199" → "200", "99" → "100"). */
function addOne(d: string): string {
  const a = d.split('')
  let i = a.length - 1
  while (i >= 0 && a[i] === '9') a[i--] = '0'
  if (i < 0) return `1${a.join('')}`
  a[i] = String(Number(a[i]) + 1)
  return a.join('')
}

/** "-0.00" reads as a loss that is not there. */
const noNegativeZero = (s: string): string => (/^-[0.]+$/.test(s) ? s.slice(1) : s)

/** A number with thousands separators and exactly `digits` decimals ("15,880.50"). */
export function grouped(x: number | null | undefined, digits = 2): string {
  const v = finite(x)
  if (v === null) return DASH
  return noNegativeZero(enUs(v, digits, digits))
}

/** A whole number with thousands separators ("12,345"). */
export function int(x: number | null | undefined): string {
  const v = finite(x)
  return v === null ? DASH : noNegativeZero(enUs(Math.round(v)))
}

/** Any number at a precision that suits its size: integers grouped, else 1, 2 or 4 decimals at most. */
export function formatNumber(v: unknown): string {
  if (v === null || v === undefined) return DASH
  if (typeof v !== 'number') return String(v)
  if (!Number.isFinite(v)) return DASH
  if (Number.isInteger(v)) return enUs(v)
  const a = Math.abs(v)
  return enUs(v, 0, a >= 100 ? 1 : a >= 1 ? 2 : 4)
}

/** A mean of any scale to about four significant figures: 752.8, 12.35, 0.123 (not 752.836). */
export function mean(x: number | null | undefined): string {
  const a = Math.abs(finite(x) ?? 0)
  return grouped(x, a >= 100 ? 1 : a >= 10 ? 2 : 3)
}

/** A duration in milliseconds as seconds with one decimal ("1,234.5 s"), or `digits` of them. */
export function seconds(ms: number | null | undefined, digits = 1): string {
  const v = finite(ms)
  return v === null ? DASH : `${grouped(v / 1000, digits)} s`
}

/** A count of things (rows, items, units) grouped ("12,345"); the same as `int`, named for what it counts. */
export const count = int

/** A count with its noun, singular or plural ("1 item", "25 items"), never "item(s)". */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${count(n)} ${n === 1 ? noun : plural}`
}

/** A number with at most `digits` decimals, trailing zeros dropped, grouped ("1,000", "2.5", "0.125"). */
export function upTo(x: number | null | undefined, digits: number): string {
  const v = finite(x)
  return v === null ? DASH : noNegativeZero(enUs(v, 0, digits))
}

/** A percent the analyst set (a scenario's change), as typed: its sign, at most 2 decimals ("+5%", "-2.5%"). */
export function settingPct(percent: number | null | undefined): string {
  const v = finite(percent)
  if (v === null) return DASH
  return `${roundTo(v, 2) > 0 ? '+' : ''}${upTo(v, 2)}%`
}

/** A number with its sign ("+0.123", "-1.50"); zero has none. */
export function signed(x: number | null | undefined, digits = 2): string {
  const v = finite(x)
  if (v === null) return DASH
  const s = grouped(v, digits)
  return roundTo(v, digits) > 0 ? `+${s}` : s
}

/** A small number to `digits` significant figures ("0.012"), for summaries of values of any scale. */
export function significant(x: number | null | undefined, digits = 2): string {
  const v = finite(x)
  return v === null ? DASH : noNegativeZero(String(Number(v.toPrecision(digits))))
}

/** A p-value as a statistician writes it: "p = 0.042", "p < 0.001". */
export function pValue(p: number | null | undefined): string {
  const v = finite(p)
  if (v === null) return `p ${DASH}`
  return v < 0.001 ? 'p < 0.001' : `p = ${fixed(v, 3)}`
}

/** A job's progress out of 100, whole ("45%"): a meter, not a measured share, so no decimals. */
export function progress(percent: number | null | undefined): string {
  const v = finite(percent)
  return v === null ? DASH : `${Math.round(Math.min(100, Math.max(0, v)))}%`
}

/** A byte count in megabytes, whole from 10 MB, else 2 decimals ("512", "0.50"): for "… MB" limits. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1048576
  return fixed(mb, mb >= 10 ? 0 : 2)
}

/** A byte count in B, KB, MB or GB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`
  return `${(n / 1024 ** 3).toFixed(2)} GB`
}

/** A share (0.1234) as a percentage ("12.34%"). */
export function pct(share: number | null | undefined, digits = PCT_DIGITS): string {
  const v = finite(share)
  return v === null ? DASH : `${grouped(v * 100, digits)}%`
}

/** The digits a change needs so it does not round to zero (from `digits` up), or null when it is zero at the most. */
function changeDigits(v: number, digits: number): number | null {
  for (let d = digits; d <= Math.max(digits, 4); d++) if (roundTo(v, d) !== 0) return d
  return null
}

/** A change in percent points with its sign ("+4.20%"); a change that rounds to zero shows its digits or "no change". */
export function signedPct(x: number | null | undefined, digits = PCT_DIGITS): string {
  const v = finite(x)
  if (v === null) return DASH
  const d = changeDigits(v, digits)
  if (d === null) return 'no change'
  return `${v > 0 ? '+' : ''}${grouped(v, d)}%`
}

/** A change given as a share (0.0054 → "+0.54%"). */
export function signedShare(share: number | null | undefined, digits = PCT_DIGITS): string {
  const v = finite(share)
  return v === null ? DASH : signedPct(v * 100, digits)
}

/**
 * The fewest decimals, from `digits` up, at which the shown low ≤ shown point ≤ shown high: rounding each figure
 * alone can put a point just inside its interval outside the shown one (0.54 against 0.45–0.549 shown at one
 * decimal: "0.5" to "0.5").
 */
export function intervalDigits(point: number, low: number, high: number, digits: number): number {
  if (![point, low, high].every(Number.isFinite) || low > point || point > high) return digits
  for (let d = digits; d <= MAX_DIGITS; d++) {
    const p = roundTo(point, d)
    if (roundTo(low, d) <= p && p <= roundTo(high, d) && (low === high || roundTo(low, d) < roundTo(high, d)))
      return d
  }
  return MAX_DIGITS
}

/** A change and its interval in percent points, in the same digits: { point: "+0.54%", interval: "+0.45% to +0.55%" }. */
export function signedPctInterval(
  point: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  digits = PCT_DIGITS
): { point: string; interval: string } {
  const p = finite(point)
  const l = finite(low)
  const h = finite(high)
  if (l === null || h === null) return { point: signedPct(p, digits), interval: DASH }
  const d0 = p === null ? digits : (changeDigits(p, digits) ?? digits)
  const d = p === null ? d0 : intervalDigits(p, l, h, d0)
  const sign = (v: number) => {
    const r = roundTo(v, d)
    return r === 0 ? grouped(0, d) : `${r > 0 ? '+' : ''}${grouped(v, d)}`
  }
  return {
    point: p === null ? DASH : changeDigits(p, d) === null ? 'no change' : `${sign(p)}%`,
    interval: `${sign(l)}% to ${sign(h)}%`
  }
}

/** A number and its interval in the same digits ("-2.40", "-2.61 to -2.19"), grouped. */
export function numberInterval(
  point: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  digits = 2
): { point: string; low: string; high: string } {
  const p = finite(point)
  const l = finite(low)
  const h = finite(high)
  const d = p !== null && l !== null && h !== null ? intervalDigits(p, l, h, digits) : digits
  return { point: grouped(p, d), low: grouped(l, d), high: grouped(h, d) }
}

/** Decimals a number needs to be written exactly up to 1e-9 (0.05 → 2, 0.99 → 2, 5 → 0). */
function decimalsOf(x: number): number {
  for (let d = 0; d <= 6; d++) if (Math.abs(roundTo(x, d) - x) < 1e-9) return d
  return 6
}

/** The price unit as the formatter needs it (a subset of the pricing contract's PriceUnit). */
export interface MoneyUnit {
  decimals: number
  grid?: { step: number; offset: number }
}

/**
 * The decimals money is written with: the unit's (cents: 2, tokens: 0), or more where the dataset's price grid
 * needs them (a grid the pricing inferred, `price_grid`: 0.05 → 2, prices ending in .99 → 2). Never fewer than
 * the unit's: today's prices need not sit on a coarse grid (a promotion at 1.37 on a grid of whole 5s).
 */
export function priceDecimals(unit: MoneyUnit | null | undefined): number | null {
  if (!unit) return null
  if (!unit.grid) return unit.decimals
  return Math.max(unit.decimals, decimalsOf(unit.grid.step), decimalsOf(unit.grid.offset))
}

/** An amount in the unit's decimals with thousands separators ("1,234.60"); null decimals: as formatNumber. */
export function money(x: number | null | undefined, decimals: number | null): string {
  const v = finite(x)
  if (v === null) return DASH
  return decimals === null ? formatNumber(v) : grouped(v, decimals)
}

/** A CSV number cell: fixed decimals, no grouping ("1.60", "0.1764"); null for a missing or non-finite value. */
export function csvFixed(x: number | null | undefined, digits: number): string | null {
  const v = finite(x)
  return v === null ? null : noNegativeZero(roundTo(v, digits).toFixed(digits))
}
