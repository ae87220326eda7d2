/**
 * Field values read in place from the text being parsed (character ranges of a string), with
 * no string made per field. Each reader handles the common, unambiguous spellings and answers
 * "not mine" (NaN / -1) for anything else: the line then goes to the general parser, which
 * either gives the same value or names the problem. So the fast path never changes a result.
 */

/** What String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator). */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13)
  if (c < 0xa0) return false
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/** The field s[from, to) trimmed as String.prototype.trim would: its start (its end is in `trimmedEnd`). */
export function trimStart(s: string, from: number, to: number): number {
  if (from < to) {
    const c = s.charCodeAt(from)
    if (c > 32 && c < 0xa0) return from
  }
  while (from < to && isJsSpace(s.charCodeAt(from))) from++
  return from
}

export function trimEnd(s: string, from: number, to: number): number {
  if (to > from) {
    const c = s.charCodeAt(to - 1)
    if (c > 32 && c < 0xa0) return to
  }
  while (to > from && isJsSpace(s.charCodeAt(to - 1))) to--
  return to
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
const MAX_DIGITS = 15

/**
 * A plain decimal (sign, digits, one decimal point, at most 15 digits, no exponent) in
 * s[from, to), trimmed; NaN for anything else. Exactly Number(text): the digits make an integer
 * below 2^53 and 10^k is exact, so m / 10^k is the one correctly rounded double, as Number gives.
 * With a decimal comma, one ',' or '.' is the point (as the general parser's replace(',', '.')).
 */
export function plainNumber(s: string, from: number, to: number, decimalComma: boolean): number {
  let i = from
  let negative = false
  const c0 = s.charCodeAt(i)
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45
    i++
  }
  let m = 0
  let digits = 0
  let decimals = -1
  for (; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48)
      digits++
      if (decimals >= 0) decimals++
    } else if ((c === 46 || (c === 44 && decimalComma)) && decimals < 0) decimals = 0
    else return NaN
  }
  if (digits === 0 || digits > MAX_DIGITS) return NaN
  const v = decimals > 0 ? m / POW10[decimals] : m
  return negative ? -v : v
}

const d2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48
  const b = s.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/** YYYY-MM-DD at s[from]: y * 10000 + m * 100 + d (a cache key), or -1 when the text is not shaped so. */
export function isoDateKey(s: string, from: number, to: number): number {
  if (to - from < 10 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45) return -1
  const y1 = d2(s, from)
  const y2 = d2(s, from + 2)
  const m = d2(s, from + 5)
  const d = d2(s, from + 8)
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return -1
  return (y1 * 100 + y2) * 10000 + m * 100 + d
}

/** The rest of a timestamp after its date: [T ]HH:MM[:SS[.f…]][Z|±HH[:]MM], as the general parser accepts. */
export function isTimeOfDay(s: string, i: number, to: number): boolean {
  const c = s.charCodeAt(i)
  if (
    (c !== 84 && c !== 32) ||
    to - i < 6 ||
    d2(s, i + 1) < 0 ||
    s.charCodeAt(i + 3) !== 58 ||
    d2(s, i + 4) < 0
  )
    return false
  i += 6
  if (i + 2 < to + 0 && s.charCodeAt(i) === 58) {
    if (d2(s, i + 1) < 0) return false
    i += 3
    if (i < to && s.charCodeAt(i) === 46) {
      const start = ++i
      while (i < to && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
      if (i === start) return false
    }
  }
  if (i === to) return true
  const z = s.charCodeAt(i)
  if (z === 90) return i + 1 === to
  if (z !== 43 && z !== 45) return false
  if (to - i < 5 || d2(s, i + 1) < 0) return false
  i += 3
  if (s.charCodeAt(i) === 58) i++
  return to - i === 2 && d2(s, i) >= 0
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c)

/** A promotion flag's common spellings (1/0, yes/no, true/false, y/n, t/f, empty): 1, 0, or -1 for others. */
export function plainFlag(s: string, from: number, to: number): number {
  const n = to - from
  if (n === 0) return 0
  const a = lower(s.charCodeAt(from))
  if (n === 1) {
    if (a === 49 || a === 121 || a === 116) return 1 // 1 y t
    if (a === 48 || a === 110 || a === 102) return 0 // 0 n f
    return -1
  }
  const word = (w: string): boolean => {
    if (w.length !== n) return false
    for (let k = 0; k < n; k++) if (lower(s.charCodeAt(from + k)) !== w.charCodeAt(k)) return false
    return true
  }
  if (word('true') || word('yes')) return 1
  if (word('false') || word('no')) return 0
  return -1
}
