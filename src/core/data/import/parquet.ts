import { ParquetFile } from 'parquet-wasm'
import { tableFromIPC, Type, util, type Vector } from 'apache-arrow'
import { CancelledError } from '../csv/errors'

/** A file read by byte ranges (Parquet keeps its schema at the end): the host opens it, the core reads it. */
export interface RandomAccessFile {
  byteLength: number
  read(start: number, end: number): Promise<Uint8Array>
}

/** Parquet files start (and end) with the magic bytes "PAR1". */
export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31
}

/** A Parquet value as the text a CSV would hold: dates and timestamps as ISO (UTC), numbers exactly. */
function text(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) {
    const iso = v.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ')
  }
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/** A Parquet value as the text a CSV would hold (the general parser's input). */
export const parquetText = text

/**
 * A Parquet file column by column, row group by row group (memory: one row group of the
 * columns asked for), decoded by parquet-wasm (the Rust `parquet` crate compiled to
 * WebAssembly) into Arrow. `onHeader` gets the schema's column names and answers which of them
 * to read (their indexes), or null to stop; `onRow` gets, for each row, the decoded columns (by
 * header index; the others are absent), the row's index in them and its "line" (row number + 1).
 */
export async function readParquetColumns(
  file: RandomAccessFile,
  opts: { signal?: { aborted: boolean }; onBytes?: (bytes: number) => void },
  onHeader: (names: string[]) => number[] | null,
  onRow: (columns: ArrayLike<unknown>[], row: number, line: number) => boolean
): Promise<{ rows: number; bytes: number }> {
  const parquet = await ParquetFile.fromFile(asBlob(file))
  try {
    const names = tableFromIPC(parquet.schema().intoIPCStream()).schema.fields.map((f) => f.name)
    const wanted = onHeader(names)
    if (!wanted) return { rows: 0, bytes: file.byteLength }
    const meta = parquet.metadata()
    const groups = Array.from({ length: meta.numRowGroups() }, (_, g) => meta.rowGroup(g).numRows())
    const total = groups.reduce((a, b) => a + b, 0)
    meta.free()
    let start = 0
    for (let g = 0; g < groups.length; g++) {
      if (opts.signal?.aborted) throw new CancelledError('import')
      const read = await parquet.read({
        rowGroups: [g],
        columns: wanted.map((k) => names[k]),
        batchSize: Math.max(1, groups[g])
      })
      const table = tableFromIPC(read.intoIPCStream())
      const columns: ArrayLike<unknown>[] = []
      for (const k of wanted) columns[k] = valuesOf(table.getChild(names[k]), groups[g])
      for (let i = 0; i < groups[g]; i++)
        if (!onRow(columns, i, start + i + 2)) return { rows: start + i + 1, bytes: file.byteLength }
      start += groups[g]
      opts.onBytes?.(Math.round((file.byteLength * start) / Math.max(1, total)))
    }
    return { rows: start, bytes: file.byteLength }
  } finally {
    parquet.free()
  }
}

/**
 * A column's values as the readers expect them: numbers (bigint for 64-bit integers) in a typed
 * array when the column has no nulls, timestamps and dates as Date (UTC), decimals as their exact
 * text (as a CSV would hold them), anything else (text, booleans, nulls) as Arrow gives it per row.
 */
function valuesOf(v: Vector | null, rows: number): ArrayLike<unknown> {
  if (!v) return new Array<unknown>(rows)
  const id = v.type.typeId as Type
  const plain = v.nullCount === 0 && (id === Type.Int || (id === Type.Float && v.type.precision > 0))
  if (plain) return v.toArray() as ArrayLike<unknown>
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

/** The file as the Blob parquet-wasm reads it: its size, and slices read when asked. */
function asBlob(file: RandomAccessFile): Blob {
  const slice = (start = 0, end = file.byteLength) => ({
    arrayBuffer: async () => {
      const b = await file.read(start, end)
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
    }
  })
  return { size: file.byteLength, slice } as unknown as Blob
}
