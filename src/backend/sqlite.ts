import Database from 'better-sqlite3'
import type { Db, Row, Statement } from '../core/db/port'
import type { SqlValue } from '../shared/data/results'

export interface OpenOptions {
  readonly?: boolean
  /** Fail instead of creating a new file. */
  mustExist?: boolean
}

/** better-sqlite3 behind the core's Db port: WAL journal, foreign keys on, NORMAL sync (safe with WAL). */
export function openSqlite(path: string, opts: OpenOptions = {}): Db {
  const raw = new Database(path, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.mustExist ?? false,
    // The Electron shell points this at better-sqlite3's Electron build (src/main/native-check.ts).
    nativeBinding: process.env.PRICELAB_SQLITE_BINDING || undefined
  })
  if (!opts.readonly) {
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
  }
  raw.pragma('foreign_keys = ON')
  raw.pragma('busy_timeout = 5000')
  return wrap(raw, path)
}

function wrap(raw: Database.Database, path: string): Db {
  return {
    path,
    prepare<R = Row>(sql: string): Statement<R> {
      const st = raw.prepare<SqlValue[], R>(sql)
      return {
        run: (...p) => st.run(...p),
        get: (...p) => st.get(...p),
        all: (...p) => st.all(...p),
        raw: (...p) => st.raw(true).iterate(...p) as unknown as IterableIterator<SqlValue[]>,
        columns: () => st.columns().map((c) => ({ name: c.name }))
      }
    },
    exec: (sql) => void raw.exec(sql),
    transaction: <T>(fn: () => T) => raw.transaction(fn)(),
    get inTransaction() {
      return raw.inTransaction
    },
    pragma: (sql) => raw.pragma(sql),
    close: () => raw.close()
  }
}
