import { quoteIdent, type Db } from '../../db/port'
import type { SqlValue } from '../../../shared/data/results'

/** SQLite's smallest guaranteed limit of bound parameters per statement (older builds: 999). */
const MAX_PARAMS = 999

/**
 * Inserts rows many at a time: one prepared `INSERT … VALUES (…), (…), …` statement per full
 * batch instead of one statement call per row (the per-call cost of the driver was half of an
 * import's time). A batch that fails (a constraint) is inserted again row by row, so the row at
 * fault is reported with its line, exactly as a row-by-row insert would, and nothing after it is
 * inserted. A statement is atomic: the failed batch left no rows behind.
 */
export class BatchInsert {
  readonly rowsPerBatch: number
  private readonly width: number
  private readonly values: SqlValue[]
  private readonly lines: number[] = []
  private count = 0
  private readonly one: { run(...p: SqlValue[]): unknown }
  private readonly many: { run(...p: SqlValue[]): unknown }
  private failed = false

  constructor(
    db: Db,
    table: string,
    columns: string[],
    /** A row the database refused (a constraint; storage errors are thrown): its line and the error. */
    private readonly onRowError: (line: number, e: unknown) => void,
    rowsPerBatch?: number
  ) {
    this.width = columns.length
    this.rowsPerBatch = Math.max(1, rowsPerBatch ?? Math.min(256, Math.floor(MAX_PARAMS / this.width)))
    this.values = new Array<SqlValue>(this.rowsPerBatch * this.width)
    const head = `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES `
    const tuple = `(${columns.map(() => '?').join(', ')})`
    this.one = db.prepare(head + tuple)
    this.many =
      this.rowsPerBatch > 1
        ? db.prepare(head + new Array(this.rowsPerBatch).fill(tuple).join(', '))
        : this.one
  }

  /** The slot of the next row's value k: write the row there, then call commitRow. */
  set(k: number, v: SqlValue): void {
    this.values[this.count * this.width + k] = v
  }

  /** The value k of the row being written (set before). */
  get(k: number): SqlValue {
    return this.values[this.count * this.width + k]
  }

  commitRow(line: number): void {
    this.lines[this.count++] = line
    if (this.count === this.rowsPerBatch) this.flush()
  }

  /** Inserts what is buffered (after a problem is found nothing more is inserted). */
  flush(): void {
    const n = this.count
    this.count = 0
    if (!n || this.failed) return
    if (n === this.rowsPerBatch) {
      try {
        this.many.run(...this.values)
        return
      } catch (e) {
        if (isStorageError(e)) throw e
      }
    }
    // A partial batch, or a full one the database refused: row by row, stopping at the first refusal.
    const w = this.width
    for (let r = 0; r < n; r++) {
      try {
        this.one.run(...this.values.slice(r * w, (r + 1) * w))
      } catch (e) {
        if (isStorageError(e)) throw e
        this.failed = true
        this.onRowError(this.lines[r], e)
        return
      }
    }
  }
}

/** A full disk, a read-only file or an I/O error is not a problem of a row: the import stops and rolls back. */
export function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CORRUPT|CANTOPEN|NOTADB)/.test(code)
}
