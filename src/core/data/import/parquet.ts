import { parquetMetadataAsync, parquetRead, type AsyncBuffer } from 'hyparquet'
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
 * columns asked for). `onHeader` gets the schema's column names and answers which of them to
 * read (their indexes), or null to stop; `onRow` gets, for each row, the decoded columns (by
 * header index; the others are absent), the row's index in them and its "line" (row number + 1).
 */
export async function readParquetColumns(
  file: RandomAccessFile,
  opts: { signal?: { aborted: boolean }; onBytes?: (bytes: number) => void },
  onHeader: (names: string[]) => number[] | null,
  onRow: (columns: ArrayLike<unknown>[], row: number, line: number) => boolean
): Promise<{ rows: number; bytes: number }> {
  const buffer = asyncBuffer(file)
  const metadata = await parquetMetadataAsync(buffer)
  const names = metadata.schema.slice(1).map((s) => s.name)
  const wanted = onHeader(names)
  if (!wanted) return { rows: 0, bytes: file.byteLength }
  const total = Number(metadata.num_rows)
  let start = 0
  for (const group of metadata.row_groups) {
    if (opts.signal?.aborted) throw new CancelledError('import')
    const end = start + Number(group.num_rows)
    const chunks = new Map<string, { data: ArrayLike<unknown>; rowStart: number }[]>()
    await parquetRead({
      file: buffer,
      metadata,
      rowStart: start,
      rowEnd: end,
      columns: wanted.map((k) => names[k]),
      onChunk: (c) => {
        const list = chunks.get(c.columnName) ?? []
        list.push({ data: c.columnData as ArrayLike<unknown>, rowStart: c.rowStart })
        chunks.set(c.columnName, list)
      }
    })
    const columns: ArrayLike<unknown>[] = []
    for (const k of wanted) columns[k] = rowsOf(chunks.get(names[k]) ?? [], start, end)
    for (let i = 0; i < end - start; i++)
      if (!onRow(columns, i, start + i + 2)) return { rows: start + i + 1, bytes: file.byteLength }
    start = end
    opts.onBytes?.(Math.round((file.byteLength * start) / Math.max(1, total)))
  }
  return { rows: start, bytes: file.byteLength }
}

/** One column's values for rows [start, end), from the chunks hyparquet decoded (which may reach past them). */
function rowsOf(
  chunks: { data: ArrayLike<unknown>; rowStart: number }[],
  start: number,
  end: number
): ArrayLike<unknown> {
  if (chunks.length === 1 && chunks[0].rowStart === start && chunks[0].data.length === end - start)
    return chunks[0].data
  const out = new Array<unknown>(end - start)
  for (const c of chunks)
    for (let i = 0; i < c.data.length; i++) {
      const row = c.rowStart + i
      if (row >= start && row < end) out[row - start] = c.data[i]
    }
  return out
}

function asyncBuffer(file: RandomAccessFile): AsyncBuffer {
  return {
    byteLength: file.byteLength,
    slice: async (start, end) => {
      const b = await file.read(start, end ?? file.byteLength)
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
    }
  }
}
