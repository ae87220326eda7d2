import { ApiError } from '../../../shared/api/envelope'
import type { Issue } from '../../../shared/errors'
import { upTo } from '../format'

/**
 * What a number field accepts, in the user's terms (a percent field's bounds are
 * percents, not fractions), and the message shown when the text is not that.
 * Pure, so forms, tests and the server-error mapping share one wording.
 */
export interface NumberRule {
  /** The field's label as shown: messages start with it. */
  label: string
  /** The unit shown after the number ("%", "% of today", "tokens"); bounds are written with its first word. */
  unit?: string
  /** Bounds as shown on screen (after `scale`). */
  min?: number
  max?: number
  /** The bound itself is not allowed (e.g. a change must be more than −100 %). */
  minExclusive?: boolean
  maxExclusive?: boolean
  integer?: boolean
  /** Empty means "no limit" (null); otherwise an empty field is an error. */
  nullable?: boolean
  /** Shown value = stored value × scale (100 shows a fraction as a percent). */
  scale?: number
}

export interface NumberCheck {
  /** The stored value (shown ÷ scale); null for an empty nullable field or when invalid. */
  value: number | null
  /** Why the text is not accepted, in the field's terms; null when it is. */
  message: string | null
}

/** "0 %", "1,000 %", "2.5 tokens": a bound with the unit's first word ("% of today" → "%"). */
export function boundText(x: number, unit?: string): string {
  const word = unit?.replace(/^±/, '').split(' ')[0] ?? ''
  const n = upTo(x, 6)
  return word ? `${n} ${word}` : n
}

/** The accepted range as a phrase: "between 0 % and 99 %", "at least 0", "more than −100 %". */
export function rangePhrase(rule: NumberRule): string | null {
  const { min, max, unit } = rule
  const lo = min === undefined ? null : boundText(min, unit)
  const hi = max === undefined ? null : boundText(max, unit)
  if (lo !== null && hi !== null) {
    if (!rule.minExclusive && !rule.maxExclusive) return `between ${lo} and ${hi}`
    return `${rule.minExclusive ? 'more than' : 'at least'} ${lo} and ${rule.maxExclusive ? 'less than' : 'at most'} ${hi}`
  }
  if (lo !== null) return `${rule.minExclusive ? 'more than' : 'at least'} ${lo}`
  if (hi !== null) return `${rule.maxExclusive ? 'less than' : 'at most'} ${hi}`
  return null
}

/** Text as typed → a number (a decimal comma is accepted), null when empty, NaN when not a number. */
export function parseNumberText(text: string): number | null {
  const t = text.trim().replace(/\s/g, '')
  if (t === '') return null
  // Number('') and Number('0x10') are numbers to JS, not to an analyst.
  if (!/^[-+−]?(\d+([.,]\d*)?|[.,]\d+)(e[-+]?\d+)?$/i.test(t)) return NaN
  return Number(t.replace('−', '-').replace(',', '.'))
}

/** Whether the text is a value the field accepts, and the stored value if so. */
export function checkNumber(text: string, rule: NumberRule): NumberCheck {
  const shown = parseNumberText(text)
  const range = rangePhrase(rule)
  const bad = (why: string): NumberCheck => ({ value: null, message: `${rule.label} ${why}` })
  if (shown === null) return rule.nullable ? { value: null, message: null } : bad('is required')
  if (!Number.isFinite(shown)) return bad(range ? `must be a number ${range}` : 'must be a number')
  if (rule.integer && !Number.isInteger(shown)) return bad('must be a whole number')
  const low = rule.min !== undefined && (rule.minExclusive ? shown <= rule.min : shown < rule.min)
  const high = rule.max !== undefined && (rule.maxExclusive ? shown >= rule.max : shown > rule.max)
  if (low || high) return bad(`must be ${range}`)
  return { value: shown / (rule.scale ?? 1), message: null }
}

/** The value as shown in the field: stored × scale, without float noise (0.07 × 100 → "7"). */
export function showNumber(v: number | null, scale = 1): string {
  return v === null ? '' : String(Math.round(v * scale * 1e6) / 1e6)
}

/** The field an issue is about: its path, or the path's last part, names one of `fields`. */
function fieldOf<K extends string>(issue: Issue, fields: Record<K, NumberRule>): K | null {
  const path = issue.path.join('.')
  const keys = Object.keys(fields) as K[]
  return keys.find((k) => path === k || path.endsWith(`.${k}`)) ?? null
}

/** One issue in its field's own terms ("Max decrease must be between 0 % and 99 %"), read from its data. */
function issueText(issue: Issue, rule: NumberRule): string {
  const range = rangePhrase(rule)
  if (!issue.bound && issue.expected === 'number')
    return `${rule.label} must be a number${range ? ` ${range}` : ''}`
  if (!issue.bound && issue.expected === 'int' && rule.integer) return `${rule.label} must be a whole number`
  return `${rule.label} must be ${range ?? 'a valid number'}`
}

/** A refusal's issues (ApiError.body.issues); none for any other error. */
function issuesOf(e: unknown): Issue[] {
  return e instanceof ApiError ? (e.body.issues ?? []) : []
}

/** Whether `path` runs through `within` (["arms", 1] is in ["design", "arms", 1, "weight"]). */
function runsThrough(path: Issue['path'], within: readonly (string | number)[]): boolean {
  for (let start = 0; start + within.length <= path.length; start++)
    if (within.every((p, k) => path[start + k] === p)) return true
  return false
}

/**
 * Each field's problem in a server refusal, keyed by field, for showing at the field; with
 * `within`, only the issues under that part of the input (one arm: ["arms", 1]).
 */
export function fieldIssues<K extends string>(
  e: unknown,
  fields: Record<K, NumberRule>,
  within: readonly (string | number)[] = []
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const issue of issuesOf(e).filter((i) => runsThrough(i.path, within))) {
    const key = fieldOf(issue, fields)
    if (key !== null && out[key] === undefined) out[key] = issueText(issue, fields[key])
  }
  return out
}

/**
 * A refusal in the fields' own terms, read from its issues (path, bound), never from its text:
 * "Max decrease must be between 0 % and 99 %". Issues about other paths are kept as they
 * are, so nothing is hidden; an error without known fields shows its message.
 */
export function explainIssues(e: unknown, fields: Record<string, NumberRule>): string {
  const message = e instanceof Error ? e.message : String(e)
  const issues = issuesOf(e)
  const known = issues.map((i) => {
    const key = fieldOf(i, fields)
    return key === null ? null : issueText(i, fields[key])
  })
  if (known.every((k) => k === null)) return message
  return issues.map((i, k) => known[k] ?? `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')
}
