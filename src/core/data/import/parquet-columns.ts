import type { Type, Vector, Data } from 'apache-arrow'
import { loadedArrow } from './parquet-modules'

// The core compiles without DOM or Node types; TextDecoder exists in both hosts.
declare const TextDecoder: new (
  label: string,
  opts: { fatal: boolean; ignoreBOM: boolean }
) => { decode(input?: Uint8Array): string }

const MS_PER_DAY = 86_400_000
const TWO_32 = 2 ** 32

/**
 * One decoded column of a Parquet row group, kept in the form that costs least per row:
 * - number: numbers with no nulls (a typed array, as Arrow holds them);
 * - bigint: 64-bit integers with no nulls;
 * - ms: timestamps and dates as milliseconds since 1970 UTC (NaN: null);
 * - text: strings as ranges of one text decoded once per row group (from = -1: null);
 * - values: anything else, one value per row as Arrow gives it.
 */
export type ParquetColumn =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'bigint'; values: ArrayLike<bigint> }
  | { kind: 'ms'; values: Float64Array }
  | { kind: 'text'; text: string; from: Int32Array; to: Int32Array }
  | { kind: 'values'; values: ArrayLike<unknown> }

/** A column the file does not have (never read: the header check refuses the log first). */
export function missingColumn(rows: number): ParquetColumn {
  return { kind: 'values', values: new Array<unknown>(rows).fill(null) }
}

/**
 * Row i of a column as the general reader takes it (the slow path and error messages): a
 * number, bigint, Date (UTC), string, null, or what Arrow gives for anything else.
 */
export function valueAt(c: ParquetColumn, i: number): unknown {
  switch (c.kind) {
    case 'number':
    case 'bigint':
    case 'values':
      return c.values[i] ?? null
    case 'ms':
      return c.values[i] === c.values[i] ? new Date(c.values[i]) : null
    case 'text':
      return c.from[i] < 0 ? null : c.text.slice(c.from[i], c.to[i])
  }
}

/** A vector read from one row group (`rows` rows) as the cheapest ParquetColumn that holds it exactly. */
export function columnOf(v: Vector, rows: number): ParquetColumn {
  const { Type } = loadedArrow()
  const id = v.type.typeId as Type
  const one = v.data.length === 1 && v.data[0].offset === 0 ? v.data[0] : null
  if (v.nullCount === 0 && id === Type.Float && (v.type as { precision: number }).precision > 0)
    return { kind: 'number', values: doubles(v.toArray() as ArrayLike<number>) }
  if (v.nullCount === 0 && id === Type.Int) {
    const values = v.toArray() as ArrayLike<number> | ArrayLike<bigint>
    if (!(values instanceof BigInt64Array || values instanceof BigUint64Array))
      return { kind: 'number', values: doubles(values as ArrayLike<number>) }
    // 64-bit integers (what warehouses write for counts) as numbers when all are exact: no bigint per row.
    const exact = exactNumbers(values)
    return exact ? { kind: 'number', values: exact } : { kind: 'bigint', values }
  }
  if (one && (id === Type.Timestamp || id === Type.Date)) {
    const ms = millisOf(one, rows)
    if (ms) return { kind: 'ms', values: ms }
  }
  if (one && id === Type.Utf8) {
    const t = textOf(one, rows)
    if (t) return t
  }
  if (one && id === Type.Dictionary && v.data[0].dictionary) {
    const t = dictionaryTextOf(one, v.data[0].dictionary, rows)
    if (t) return t
  }
  return { kind: 'values', values: valuesOf(v, rows) }
}

/**
 * Timestamps (s, ms, µs) and dates as ms since 1970 UTC, as Arrow's own getter gives them and a
 * Date keeps them (sub-millisecond parts cut towards zero); null for nanoseconds (read per row).
 */
function millisOf(d: Data, rows: number): Float64Array | null {
  const { Type, DateUnit, TimeUnit } = loadedArrow()
  const type = d.type as unknown as { typeId: Type; unit: number }
  const out = new Float64Array(rows)
  const valid = (i: number) => d.nullCount === 0 || d.getValid(i)
  if (type.typeId === Type.Date && type.unit === DateUnit.DAY) {
    const days = d.values as Int32Array
    for (let i = 0; i < rows; i++) out[i] = valid(i) ? days[i] * MS_PER_DAY : NaN
    return out
  }
  const per =
    type.typeId === Type.Date
      ? 1
      : type.unit === TimeUnit.SECOND
        ? 1 / 1000
        : type.unit === TimeUnit.MILLISECOND
          ? 1
          : type.unit === TimeUnit.MICROSECOND
            ? 1000
            : 0
  const raw = d.values as BigInt64Array | Int32Array
  if (per === 0 || !(raw instanceof BigInt64Array)) return null
  // Each 64-bit value as its two 32-bit halves (little-endian): no bigint made per row.
  const halves = new Int32Array(raw.buffer, raw.byteOffset, rows * 2)
  for (let i = 0; i < rows; i++) {
    if (!valid(i)) {
      out[i] = NaN
      continue
    }
    const x = halves[2 * i + 1] * TWO_32 + (halves[2 * i] >>> 0)
    if (!Number.isSafeInteger(x)) return null
    out[i] = per === 1 ? x : per < 1 ? x * 1000 : Math.trunc(x / per)
  }
  return out
}

/** Numbers as one array type (Float64Array), so the per-row reads see a single shape. */
function doubles(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values)
}

/** 64-bit integers as doubles, read as two 32-bit halves (no bigint made); null when one is beyond 2^53. */
function exactNumbers(values: BigInt64Array | BigUint64Array): Float64Array | null {
  const n = values.length
  const signed = values instanceof BigInt64Array
  const lo = new Uint32Array(values.buffer, values.byteOffset, n * 2)
  const hi = signed ? new Int32Array(values.buffer, values.byteOffset, n * 2) : lo
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = hi[2 * i + 1] * TWO_32 + lo[2 * i]
    if (!Number.isSafeInteger(x)) return null
    out[i] = x
  }
  return out
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * UTF-8 strings (one value buffer, offsets into it) as one text decoded at once and each row's
 * range in it (UTF-16 positions); null when the bytes are not valid UTF-8 (read per row).
 */
function textOf(d: Data, rows: number): ParquetColumn | null {
  const offsets = d.valueOffsets as Int32Array
  const bytes = d.values as Uint8Array
  const span = decodeWithPositions(bytes, offsets, rows)
  if (!span) return null
  const { text, pos } = span
  const from = new Int32Array(rows)
  const to = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const ok = d.nullCount === 0 || d.getValid(i)
    from[i] = ok ? pos[i] : -1
    to[i] = ok ? pos[i + 1] : -1
  }
  return { kind: 'text', text, from, to }
}

/** A dictionary-encoded string column: the dictionary decoded once, each row the range of its entry. */
function dictionaryTextOf(d: Data, dict: Vector, rows: number): ParquetColumn | null {
  if (dict.data.length !== 1 || dict.type.typeId !== loadedArrow().Type.Utf8) return null
  const entries = textOf(dict.data[0], dict.length)
  if (!entries || entries.kind !== 'text') return null
  const codes = d.values as ArrayLike<number>
  const from = new Int32Array(rows)
  const to = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const ok = d.nullCount === 0 || d.getValid(i)
    from[i] = ok ? entries.from[codes[i]] : -1
    to[i] = ok ? entries.to[codes[i]] : -1
  }
  return { kind: 'text', text: entries.text, from, to }
}

/** The bytes from offsets[0] to offsets[rows] as text, and where each offset falls in it (UTF-16 units). */
function decodeWithPositions(
  bytes: Uint8Array,
  offsets: Int32Array,
  rows: number
): { text: string; pos: Int32Array } | null {
  const start = offsets[0]
  const end = offsets[rows]
  let text: string
  try {
    text = utf8.decode(bytes.subarray(start, end))
  } catch {
    // Expected for bytes that are not valid UTF-8: null, and the column is read row by row (textOf).
    return null
  }
  const pos = new Int32Array(rows + 1)
  if (text.length === end - start) {
    // All ASCII: byte offsets are text positions.
    for (let i = 0; i <= rows; i++) pos[i] = offsets[i] - start
    return { text, pos }
  }
  // A lead byte starts one UTF-16 unit, a 4-byte sequence two; continuation bytes none.
  let unit = 0
  let b = start
  for (let i = 0; i < rows; i++) {
    pos[i] = unit
    for (const stop = offsets[i + 1]; b < stop; b++) {
      const x = bytes[b]
      if ((x & 0xc0) !== 0x80) unit += x >= 0xf0 ? 2 : 1
    }
  }
  pos[rows] = unit
  return { text, pos }
}

/**
 * Any other column, per row: timestamps and dates as Date (UTC), decimals as their exact text
 * (as a CSV would hold them), anything else (text, booleans, nulls) as Arrow gives it.
 */
function valuesOf(v: Vector, rows: number): ArrayLike<unknown> {
  const { Type, util } = loadedArrow()
  const id = v.type.typeId as Type
  const out = new Array<unknown>(rows)
  const dates = id === Type.Timestamp || id === Type.Date
  const scale = id === Type.Decimal ? (v.type as { scale: number }).scale : -1
  for (let i = 0; i < rows; i++) {
    const x: unknown = v.get(i)
    if (x === null || x === undefined) out[i] = null
    else if (dates && typeof x === 'number') out[i] = new Date(x)
    else if (scale >= 0)
      out[i] = decimalText(util.bigNumToString(x as Parameters<typeof util.bigNumToString>[0]), scale)
    else out[i] = x
  }
  return out
}

/** A decimal's unscaled digits ("-1250") and scale (3) as its text ("-1.250"). */
function decimalText(digits: string, scale: number): string {
  if (scale === 0) return digits
  const sign = digits.startsWith('-') ? '-' : ''
  const d = (sign ? digits.slice(1) : digits).padStart(scale + 1, '0')
  return `${sign}${d.slice(0, d.length - scale)}.${d.slice(d.length - scale)}`
}
