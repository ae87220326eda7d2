/**
 * The database port the pure core talks to. better-sqlite3 implements it in the
 * Node hosts (src/backend/sqlite.ts); the core never imports a driver, so it can
 * run in a worker, a test or another host without change.
 */
import type { SqlValue } from '../../shared/data/results'

export type Row = Record<string, SqlValue>

export interface Statement<R = Row> {
  run(...params: SqlValue[]): { changes: number; lastInsertRowid: number | bigint }
  get(...params: SqlValue[]): R | undefined
  all(...params: SqlValue[]): R[]
  /** Rows as arrays in column order: cheaper for bulk reads and exports. */
  raw(...params: SqlValue[]): IterableIterator<SqlValue[]>
  columns(): { name: string }[]
}

export interface Db {
  readonly path: string
  prepare<R = Row>(sql: string): Statement<R>
  exec(sql: string): void
  /** Runs fn inside BEGIN/COMMIT; any throw rolls back and rethrows. */
  transaction<T>(fn: () => T): T
  readonly inTransaction: boolean
  pragma(sql: string): unknown
  close(): void
}

/** Double-quotes an SQL identifier so any user-supplied name (even one holding quotes) stays a name. */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character')
  return `"${name.replace(/"/g, '""')}"`
}
