import { copyFileSync, existsSync, statSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import type { Db } from '../core/db/port'
import { readJson } from '../core/db/saved-json'
import { SAMPLE_META_FORMAT } from '../core/data/formats'
import { migrate, planMigrations } from '../core/db/migrate'
import type { Migration } from '../core/db/schema'
import type { ProjectInfo } from '../shared/api'
import { openSqlite } from './sqlite'
import { rename, rm } from 'node:fs/promises'
import { OutputRefusedError, StorageError, fsyncPath, siblingTemp, storageError } from './safe-output'
import { closeSnapshot, readOnlyReason, snapshotOf } from './read-only-project'
import { cleanLeftovers } from './leftovers'
import { PRICELAB_APPLICATION_ID, assertProjectFile, markInterruptedRuns } from './project-file'
import { PROJECT_EXTENSION } from './paths'
import { DomainError } from '../shared/domain-error'

/**
 * One open project file. Writes go through `writer`, serialized by `lockWrite`;
 * reads use a second connection so they see only committed data, even while a
 * long import holds its transaction open across many event-loop turns.
 */
export class ProjectSession {
  private tail: Promise<unknown> = Promise.resolve()
  private writing = false
  /** Counts write jobs: caches of derived data compare it to know they are stale. */
  writes = 0

  private constructor(
    /** The file the connections (and the workers) open: the project, or its read-only snapshot. */
    readonly path: string,
    readonly writer: Db,
    readonly reader: Db,
    readonly backupPath: string | null,
    /** The file the analyst opened. */
    readonly origin: string = path,
    /** Why the project is open read-only (every write is refused), or null. */
    readonly readOnly: string | null = null
  ) {}

  static open(path: string, opts: { create: boolean; migrations?: Migration[] }): ProjectSession {
    const abs = resolve(path)
    const exists = existsSync(abs)
    if (!exists && !opts.create) throw new NotFoundError(`no project file at ${abs}`)
    if (exists && opts.create)
      throw new DomainError(
        'invalid_input',
        `a file already exists at ${abs}; open it or choose another name`
      )
    const readOnly = exists ? readOnlyReason(abs) : null
    if (readOnly) return ProjectSession.openReadOnly(abs, readOnly, opts.migrations)
    // Decided read-only first: a foreign or empty file is refused before anything in it changes.
    if (exists) assertProjectFile(abs)
    cleanLeftovers(dirname(abs))
    const writer = exists ? openSqlite(abs, { mustExist: true }) : createFile(abs)
    let backupPath: string | null = null
    try {
      assertSqliteProject(writer, exists)
      const plan = planMigrations(writer, opts.migrations)
      if (exists && plan.from > 0 && plan.pending.length) {
        // An older project: keep a copy before changing it.
        backupPath = `${abs}.v${plan.from}.bak`
        writer.pragma('wal_checkpoint(TRUNCATE)')
        copyFileSync(abs, backupPath)
      }
      migrate(writer, opts.migrations)
      const appId = writer.prepare<{ application_id: number }>('PRAGMA application_id').get()
      if (appId?.application_id !== PRICELAB_APPLICATION_ID)
        writer.pragma(`application_id = ${PRICELAB_APPLICATION_ID}`)
      if (hasOwnerColumn(writer)) markInterruptedRuns(writer)
    } catch (e) {
      writer.close()
      throw e
    }
    const reader = openSqlite(abs, { readonly: true, mustExist: true })
    return new ProjectSession(abs, writer, reader, backupPath)
  }

  /**
   * A project SQLite cannot write beside (a read-only file or folder, a CD, a share without write
   * access): opened from a snapshot in the temporary folder, so that every page can read it, with
   * both connections read-only. Every write is refused with the reason; "Save as" copies it to a
   * writable place. The file itself is never changed.
   */
  private static openReadOnly(abs: string, reason: string, migrations?: Migration[]): ProjectSession {
    const snapshot = snapshotOf(abs)
    try {
      try {
        assertProjectFile(snapshot)
      } catch (e) {
        if (e instanceof DomainError) throw new DomainError(e.code, e.message.split(snapshot).join(abs))
        throw e
      }
      // An older project is brought forward in the snapshot only: the original stays as it is.
      const upgrade = openSqlite(snapshot, { mustExist: true })
      try {
        migrate(upgrade, migrations)
      } finally {
        upgrade.close()
      }
      const writer = openSqlite(snapshot, { readonly: true, mustExist: true })
      const reader = openSqlite(snapshot, { readonly: true, mustExist: true })
      return new ProjectSession(snapshot, writer, reader, null, abs, reason)
    } catch (e) {
      closeSnapshot(snapshot)
      throw e
    }
  }

  get name(): string {
    return basename(this.origin, PROJECT_EXTENSION)
  }

  get isWriting(): boolean {
    return this.writing
  }

  /** Runs one write job at a time, in call order; on a read-only project every write is refused. */
  lockWrite<T>(fn: (db: Db) => Promise<T> | T): Promise<T> {
    if (this.readOnly)
      return Promise.reject(
        new StorageError(
          `the project ${this.origin} is open read-only (${this.readOnly}): nothing was written. Use "Save as" to keep a writable copy, or make the file and its folder writable and open it again`
        )
      )
    return this.queue(fn)
  }

  /** The write queue itself (a copy of a read-only project is queued too: it changes nothing). */
  private queue<T>(fn: (db: Db) => Promise<T> | T): Promise<T> {
    const run = async () => {
      this.writing = true
      this.writes++
      try {
        return await fn(this.writer)
      } finally {
        this.writing = false
      }
    }
    const p = this.tail.then(run, run)
    // The tail only orders the writes; a failed write rejects `p` for its own caller, not the next write.
    this.tail = p.catch(() => undefined)
    return p
  }

  info(): ProjectInfo {
    const meta = this.reader
      .prepare<{ value: string }>("SELECT value FROM project_meta WHERE key = 'sample_data'")
      .get()
    const version = this.reader
      .prepare<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')
      .get()
    return {
      path: this.origin,
      name: this.name,
      schemaVersion: version?.v ?? 0,
      sizeBytes: fileSize(this.origin) + fileSize(`${this.origin}-wal`),
      sample: meta ? readJson(SAMPLE_META_FORMAT, meta.value) : null,
      backupPath: this.backupPath,
      readOnly: this.readOnly
    }
  }

  /**
   * Writes a consistent copy (VACUUM INTO) to a new path; the caller then opens it.
   * The copy is made under a temporary name in the same folder, flushed to disk and
   * only then renamed, so the destination is either absent or the complete copy,
   * whatever happens (a kill, a power cut, a full disk) during the copy.
   */
  async saveCopy(target: string, copier?: (tmp: string) => Promise<void>): Promise<string> {
    const abs = resolve(target)
    if (existsSync(abs)) throw new OutputRefusedError(`a file already exists at ${abs}: choose another name`)
    if (!existsSync(dirname(abs))) throw new NotFoundError(`folder ${dirname(abs)} does not exist`)
    const tmp = siblingTemp(abs)
    try {
      // Writes wait (the copy must hold all of them); reads go on, and with a copier the event loop stays free.
      await this.queue(async (db) => {
        if (copier) await copier(tmp)
        else db.prepare('VACUUM INTO ?').run(tmp)
      })
      await fsyncPath(tmp)
      if (existsSync(abs)) throw new OutputRefusedError(`a file appeared at ${abs} during the copy`)
      await rename(tmp, abs)
    } catch (e) {
      await rm(tmp, { force: true })
      await rm(`${tmp}-journal`, { force: true })
      throw storageError(e, abs)
    }
    try {
      await fsyncPath(dirname(abs))
    } catch {
      // Not every file system can flush a folder; the renamed file itself is complete.
    }
    return abs
  }

  close(): void {
    this.reader.close()
    try {
      this.writer.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      // A read-only or full disk must not keep the app from closing the project.
    }
    this.writer.close()
    if (this.path !== this.origin) closeSnapshot(this.path)
  }
}

/**
 * A new project file. A folder that does not exist, or one that cannot hold files (a system or virtual
 * folder such as /proc, a read-only share), is named in words: SQLite's own "unable to open database
 * file" says neither which folder nor what to do.
 */
function createFile(abs: string): Db {
  const folder = dirname(abs)
  if (!existsSync(folder))
    throw new StorageError(
      `cannot create the project: the folder ${folder} does not exist. Choose an existing folder`
    )
  try {
    return openSqlite(abs, { mustExist: false })
  } catch (e) {
    const mapped = storageError(e, abs)
    if (mapped !== e) throw mapped
    if ((e as { code?: unknown }).code === 'SQLITE_CANTOPEN')
      throw new StorageError(
        `cannot create the project in ${folder}: that folder cannot hold files (a system or virtual folder, or one without write access). Choose a folder in your documents or on a local disk`
      )
    throw e
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message)
    this.name = 'NotFoundError'
  }
}

/** A file's size in bytes; 0 when it is not there (a copy not started yet, a file moved away). */
export function fileSize(p: string): number {
  try {
    return statSync(p).size
  } catch {
    // Not there (yet): a size to show or to measure progress by, never a reason to fail.
    return 0
  }
}

function hasOwnerColumn(db: Db): boolean {
  return db
    .prepare<{ name: string }>('SELECT name FROM pragma_table_info(?)')
    .all('pipeline_runs')
    .some((c) => c.name === 'owner')
}

/** Refuses a file that is SQLite but not a PriceLab project, instead of adding our tables to it. */
function assertSqliteProject(db: Db, existed: boolean): void {
  let tables: { name: string }[]
  try {
    tables = db.prepare<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all()
  } catch (e) {
    throw new Error(`${db.path} is not a PriceLab project (${(e as Error).message})`)
  }
  if (existed && tables.length > 0 && !tables.some((t) => t.name === 'schema_migrations'))
    throw new Error(`${db.path} is an SQLite database but not a PriceLab project`)
}
