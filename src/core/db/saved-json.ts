import type { z } from 'zod'
import { DomainError } from '../../shared/domain-error'
import { stringifyInTurns } from '../util/json-in-turns'

/**
 * A JSON format PriceLab saves in a project. Each saved value carries
 * `format_version`; reading validates it with `schema` after bringing an older
 * value forward (`upgrade[v]` turns version v into v + 1; version 0 is a value
 * saved before formats had versions). A newer version is refused, never guessed.
 */
export interface SavedFormat<T> {
  /** What the analyst would call it, for messages ("experiment plan"). */
  what: string
  version: number
  /** Checks the fields PriceLab's readers rely on; unknown extra fields pass through. */
  schema: z.ZodType<T>
  /** A list is saved as `{format_version, items}`; version 0 was the bare array. */
  list?: boolean
  upgrade?: Partial<Record<number, (old: unknown) => unknown>>
  /** JSON.stringify's replacer and JSON.parse's reviver, for values JSON has no word for (NaN, ±Infinity). */
  replacer?: (key: string, value: unknown) => unknown
  reviver?: (key: string, value: unknown) => unknown
}

export function saveJson<T>(f: SavedFormat<T>, value: T): string {
  return JSON.stringify(versioned(f, value), f.replacer)
}

/** The same text as `saveJson`, serialized in pieces that give the event loop back (for values of megabytes). */
export async function saveJsonInTurns<T>(f: SavedFormat<T>, value: T): Promise<string> {
  return (await stringifyInTurns(versioned(f, value), { replacer: f.replacer })) as string
}

/** The value as saved: with its format_version (a list as `{format_version, items}`). */
export function versioned<T>(f: SavedFormat<T>, value: T): object {
  return f.list
    ? { format_version: f.version, items: value }
    : { format_version: f.version, ...(value as object) }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function readJson<T>(f: SavedFormat<T>, text: string): T {
  let raw: unknown
  try {
    raw = JSON.parse(text, f.reviver)
  } catch (e) {
    throw new DomainError('invalid_input', `the saved ${f.what} is not valid JSON (${(e as Error).message})`)
  }
  const version = isRecord(raw) && 'format_version' in raw ? raw.format_version : 0
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new DomainError(
      'invalid_input',
      `the saved ${f.what} has an invalid format_version ${JSON.stringify(version)}`
    )
  if (version > f.version)
    throw new DomainError(
      'schema_too_new',
      `this ${f.what} was saved by a newer PriceLab (format version ${version}; this version reads up to ${f.version}). Update PriceLab to open it.`
    )
  const wrong = implausibleNumber(raw, f.reviver !== undefined)
  if (wrong)
    throw new DomainError(
      'invalid_input',
      `the saved ${f.what} is damaged: ${wrong.path || 'value'} is ${wrong.value} (no number PriceLab saves is infinite or beyond ±1e100)`
    )
  let value: unknown = raw
  if (isRecord(raw) && version > 0) {
    const { format_version: _version, ...rest } = raw
    value = f.list ? rest.items : rest
  }
  for (let v = version; v < f.version; v++) value = f.upgrade?.[v]?.(value) ?? value
  const r = f.schema.safeParse(value)
  if (!r.success)
    throw new DomainError(
      'invalid_input',
      `the saved ${f.what} cannot be read: ${r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'value'}: ${i.message}`)
        .join('; ')}`
    )
  return r.data
}

/** No number PriceLab saves comes near this: a larger one (1e308, or 1e999 read as Infinity) was tampered with. */
export const MAX_SAVED_MAGNITUDE = 1e100

/**
 * The first number of a parsed value that no saved format holds: infinite (JSON's 1e999), or
 * beyond ±1e100 (a coefficient of 1e308 priced items at blank quantities). Formats with a reviver
 * write NaN and ±Infinity on purpose, so only their magnitudes are checked. Walked without
 * recursion: a forest's trees nest deeply.
 */
export function implausibleNumber(
  raw: unknown,
  nonFiniteAllowed = false
): { path: string; value: number } | null {
  const bad = (x: number) => (Number.isFinite(x) ? Math.abs(x) > MAX_SAVED_MAGNITUDE : !nonFiniteAllowed)
  // The fast walk keeps no paths (a forest holds a million numbers); only a bad value is walked again for its path.
  const stack: unknown[] = [raw]
  let found = false
  while (stack.length && !found) {
    const v = stack.pop()
    if (typeof v === 'number') found = bad(v)
    else if (Array.isArray(v)) for (const x of v) stack.push(x)
    else if (typeof v === 'object' && v !== null) for (const x of Object.values(v)) stack.push(x)
  }
  return found ? pathOfBad(raw, bad) : null
}

function pathOfBad(raw: unknown, bad: (x: number) => boolean): { path: string; value: number } | null {
  const stack: [unknown, string][] = [[raw, '']]
  while (stack.length) {
    const [v, path] = stack.pop() as [unknown, string]
    if (typeof v === 'number' && bad(v)) return { path, value: v }
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`])
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v).reverse()) stack.push([x, path ? `${path}.${k}` : k])
  }
  return null
}

/**
 * A schema that checks only the fields readers rely on (loose objects), typed as
 * the full saved type: the one place such a value is trusted beyond what was checked.
 */
export const checksFieldsOf = <T>(schema: z.ZodType): z.ZodType<T> => schema as z.ZodType<T>

/** Version 0 → 1 for a saved object: fields added since, with the value an old object meant. */
export const withDefaults =
  (defaults: object) =>
  (old: unknown): unknown =>
    typeof old === 'object' && old !== null && !Array.isArray(old) ? { ...defaults, ...old } : old

/**
 * Reads one saved value of a LIST row: a damaged row must not break the whole list
 * (one corrupt old run hid every run). It gives the value, or the reason it cannot
 * be read, which the list shows on that row instead.
 */
export function readListed<T>(f: SavedFormat<T>, text: string): { value: T } | { damaged: string } {
  try {
    return { value: readJson(f, text) }
  } catch (e) {
    // Damaged, or saved by a newer PriceLab: the reason goes on the row.
    return { damaged: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * Whether `readJson(f, saveJson(f, value))` would give back `value` as its readers see it, so a value
 * just saved can be used as it is instead of read back: plain objects, arrays, strings, booleans, null
 * and numbers that JSON writes exactly (finite, within ±1e100, not −0), nothing JSON drops or turns into
 * null (undefined in an array, a function, a typed array, a Map). Keys holding undefined are fine: JSON
 * leaves them out and a reader sees undefined either way. Walked without recursion.
 */
export function survivesJson(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length) {
    const v = stack.pop()
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > MAX_SAVED_MAGNITUDE || Object.is(v, -0)) return false
    } else if (Array.isArray(v)) {
      for (const x of v) {
        if (x === undefined || typeof x === 'function') return false
        stack.push(x)
      }
    } else if (typeof v === 'object' && v !== null) {
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) return false
      for (const x of Object.values(v)) {
        if (typeof x === 'function') return false
        if (x !== undefined) stack.push(x)
      }
    } else if (!(v === null || typeof v === 'string' || typeof v === 'boolean')) return false
  }
  return true
}
