/** readParquetRecords as it was before the columnar reader (kept to prove the results did not change). */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer } from 'hyparquet'
import { CancelledError } from '../../../../../src/core/data/csv/errors'
import { parquetText as text, type RandomAccessFile } from '../../../../../src/core/data/import/parquet'

/**
 * The records of a Parquet file, row group by row group (memory: one row group), read with
 * hyparquet (pure JavaScript). The header is the schema's column names; a row's "line" is its
 * 1-based row number + 1, as if the file were a CSV with its header on line 1.
 */
export async function readParquetRecords(
  file: RandomAccessFile,
  opts: { signal?: { aborted: boolean }; onBytes?: (bytes: number) => void },
  onRecord: (fields: string[], line: number) => boolean | void
): Promise<{ rows: number; bytes: number }> {
  const buffer: AsyncBuffer = {
    byteLength: file.byteLength,
    slice: async (start, end) => {
      const b = await file.read(start, end ?? file.byteLength)
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
    }
  }
  const metadata = await parquetMetadataAsync(buffer)
  const names = metadata.schema.slice(1).map((s) => s.name)
  if (onRecord(names, 1) === false) return { rows: 0, bytes: file.byteLength }
  const total = Number(metadata.num_rows)
  let start = 0
  for (const group of metadata.row_groups) {
    if (opts.signal?.aborted) throw new CancelledError('import')
    const end = start + Number(group.num_rows)
    let rows: unknown[][] = []
    await parquetRead({
      file: buffer,
      metadata,
      rowStart: start,
      rowEnd: end,
      rowFormat: 'array',
      onComplete: (r: unknown[][]) => {
        rows = r
      }
    })
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]
      const fields = new Array<string>(row.length)
      for (let k = 0; k < row.length; k++) fields[k] = text(row[k])
      if (onRecord(fields, start + i + 2) === false) return { rows: start + i + 1, bytes: file.byteLength }
    }
    start = end
    opts.onBytes?.(Math.round((file.byteLength * start) / Math.max(1, total)))
  }
  return { rows: start, bytes: file.byteLength }
}
