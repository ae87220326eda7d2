import type { ParquetFile } from 'parquet-wasm'
import { loadedArrow, parquetModules } from './parquet-modules'
import { CancelledError } from '../csv/errors'
import { columnOf, missingColumn, type ParquetColumn } from './parquet-columns'
import { count } from '../../../shared/format/numbers'

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
export function parquetText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) {
    const iso = v.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ')
  }
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/** A failing column of a Parquet file: its header index and name. */
export interface ParquetColumnRef {
  index: number
  name: string
}

/**
 * A Parquet file that cannot be decoded: `where` says which part (its footer, or a row group
 * and its rows), `group` is that row group (-1: the footer), `firstRow` its first row (0-based;
 * -1 for the footer) and `column` the column that fails when one alone does. The caller names the file.
 */
export class ParquetDamagedError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
    readonly group: number,
    readonly firstRow: number,
    readonly column: ParquetColumnRef | null
  ) {
    super(`${where}: ${reason}`)
  }

  /** The footer (schema and row groups) cannot be read. */
  static footer(reason: string): ParquetDamagedError {
    return new ParquetDamagedError('its footer (schema and row groups) cannot be read', reason, -1, -1, null)
  }

  /** Row group g (of the file whose row groups hold `groupRows` rows) cannot be decoded. */
  static group(
    g: number,
    groupRows: number[],
    reason: string,
    column: ParquetColumnRef | null
  ): ParquetDamagedError {
    let first = 0
    for (let k = 0; k < g; k++) first += groupRows[k]
    const rows = `rows ${count(first + 1)}–${count(first + groupRows[g])}`
    const col = column ? `, column "${column.name}",` : ''
    const where = `row group ${g + 1} of ${groupRows.length} (${rows})${col} cannot be decoded`
    return new ParquetDamagedError(where, reason, g, first, column)
  }
}

/** What parquet-wasm threw (an Error, or a plain string from the Rust side) as text. */
function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** What the footer of a Parquet file says: its column names and the rows of each row group. */
export interface ParquetFooter {
  names: string[]
  groupRows: number[]
}

/** Called for each row of a row group: its decoded columns (by header index), row index, and "line" (row + 1 within the read). */
export type ParquetRowHandler = (columns: ParquetColumn[], row: number, line: number) => boolean

/**
 * An open Parquet file, decoded by parquet-wasm (the Rust `parquet` crate compiled to
 * WebAssembly) into Arrow, read row group by row group (memory: one row group of the columns
 * asked for). One per thread: a worker opens the file itself and reads the row groups it is
 * handed. free() releases the WebAssembly side.
 */
export class ParquetLog {
  private constructor(
    private readonly file: ParquetFile,
    readonly byteLength: number,
    /** The schema's column names. */
    readonly names: string[],
    /** Rows of each row group. */
    readonly groupRows: number[]
  ) {}

  /** Opens the file (its footer: schema and row groups); a damaged footer is a ParquetDamagedError. */
  static async open(ra: RandomAccessFile): Promise<ParquetLog> {
    let file: ParquetFile | null = null
    try {
      const { arrow, parquet } = await parquetModules()
      file = await parquet.ParquetFile.fromFile(asBlob(ra))
      const names = arrow.tableFromIPC(file.schema().intoIPCStream()).schema.fields.map((f) => f.name)
      const meta = file.metadata()
      const groups = Array.from({ length: meta.numRowGroups() }, (_, g) => meta.rowGroup(g).numRows())
      meta.free()
      return new ParquetLog(file, ra.byteLength, names, groups)
    } catch (e) {
      file?.free()
      throw ParquetDamagedError.footer(reasonOf(e))
    }
  }

  get rows(): number {
    return this.groupRows.reduce((a, b) => a + b, 0)
  }

  /**
   * Reads row groups [from, to) of the columns `wanted` (header indexes), handing each row to
   * onRow with its line counted from `firstLine` (the first row read gets firstLine).
   * Stops when onRow answers false; returns the rows handed over. A row group that cannot be
   * decoded is a ParquetDamagedError naming it and, when one alone fails, its column.
   */
  async readGroups(
    from: number,
    to: number,
    wanted: number[],
    firstLine: number,
    onRow: ParquetRowHandler,
    opts: {
      signal?: { aborted: boolean }
      /** Row group g is about to be decoded. */
      beforeGroup?: (g: number) => void
      /** Row group g was read. */
      onGroup?: (g: number) => void
    } = {}
  ): Promise<number> {
    let done = 0
    for (let g = from; g < to; g++) {
      if (opts.signal?.aborted) throw new CancelledError('import')
      const rows = this.groupRows[g]
      opts.beforeGroup?.(g)
      const columns = await this.readGroup(g, wanted)
      for (let i = 0; i < rows; i++) if (!onRow(columns, i, firstLine + done + i)) return done + i + 1
      done += rows
      opts.onGroup?.(g)
    }
    return done
  }

  free(): void {
    this.file.free()
  }

  private async readGroup(g: number, wanted: number[]): Promise<ParquetColumn[]> {
    const rows = this.groupRows[g]
    const read = (names: string[]) =>
      this.file.read({ rowGroups: [g], columns: names, batchSize: Math.max(1, rows) })
    let table
    try {
      table = loadedArrow().tableFromIPC((await read(wanted.map((k) => this.names[k]))).intoIPCStream())
    } catch (e) {
      const k = await this.failingColumn(g, wanted)
      const column = k === null ? null : { index: k, name: this.names[k] }
      throw ParquetDamagedError.group(g, this.groupRows, reasonOf(e), column)
    }
    const columns: ParquetColumn[] = []
    for (const k of wanted) {
      const v = table.getChild(this.names[k])
      columns[k] = v ? columnOf(v, rows) : missingColumn(rows)
    }
    return columns
  }

  /** The one column of row group g that cannot be decoded, read alone (null: none or several). */
  private async failingColumn(g: number, wanted: number[]): Promise<number | null> {
    const failing: number[] = []
    for (const k of wanted)
      try {
        await this.file.read({ rowGroups: [g], columns: [this.names[k]], batchSize: 1, limit: 1 })
      } catch {
        // Expected: this column is one that cannot be decoded; the error itself is the row group's, already named.
        failing.push(k)
      }
    return failing.length === 1 ? failing[0] : null
  }
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

/**
 * A Parquet file column by column, row group by row group, on the calling thread. `onHeader`
 * gets the schema's column names and answers which of them to read (their indexes), or null to
 * stop; `onRow` gets each row (its line: row number + 2, as if line 1 held the names).
 */
export async function readParquetColumns(
  file: RandomAccessFile,
  opts: { signal?: { aborted: boolean }; onBytes?: (bytes: number) => void },
  onHeader: (names: string[]) => number[] | null,
  onRow: ParquetRowHandler
): Promise<{ rows: number; bytes: number }> {
  const log = await ParquetLog.open(file)
  try {
    const wanted = onHeader(log.names)
    if (!wanted) return { rows: 0, bytes: file.byteLength }
    const total = Math.max(1, log.rows)
    let read = 0
    const rows = await log.readGroups(0, log.groupRows.length, wanted, 2, onRow, {
      signal: opts.signal,
      onGroup: (g) => {
        read += log.groupRows[g]
        opts.onBytes?.(Math.round((file.byteLength * read) / total))
      }
    })
    return { rows, bytes: file.byteLength }
  } finally {
    log.free()
  }
}
