import Database from 'better-sqlite3'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import type { Db } from '../core/db/port'
import { readListed, saveJson } from '../core/db/saved-json'
import { STAGES_FORMAT } from '../core/pipeline/formats'
import type { StageRecord } from '../shared/study'
import { isSqliteFile } from './safe-output'
import { DomainError } from '../shared/domain-error'

/** PRAGMA application_id of a PriceLab project ("PRLB"): other tools can tell what the file is. */
export const PRICELAB_APPLICATION_ID = 0x50524c42

export class NotAProjectError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'NotAProjectError'
  }
}

/**
 * Decides whether an existing file is a PriceLab project WITHOUT changing it: a
 * read-only connection, no journal-mode switch, no table created. Only then may the
 * caller open it for writing (which switches it to WAL and migrates it).
 */
export function assertProjectFile(abs: string): void {
  if (statSync(abs).size === 0)
    throw new NotAProjectError(
      `${abs} is an empty file (0 bytes), not a PriceLab project: create a new project instead`
    )
  if (!isSqliteFile(abs))
    throw new NotAProjectError(`${abs} is not a PriceLab project (the file is not a database)`)
  recoverJournal(abs)
  let probe: Database.Database
  try {
    probe = new Database(abs, { readonly: true, fileMustExist: true })
  } catch (e) {
    throw new NotAProjectError(`${abs} is not a PriceLab project (${(e as Error).message})`)
  }
  try {
    const appId = Number(probe.pragma('application_id', { simple: true }))
    const tables = (
      probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name)
    if (appId !== 0 && appId !== PRICELAB_APPLICATION_ID)
      throw new NotAProjectError(
        `${abs} is a database of another application (application id 0x${appId.toString(16)}), not a PriceLab project`
      )
    if (!tables.includes('schema_migrations'))
      throw new NotAProjectError(
        tables.length === 0
          ? `${abs} is an empty SQLite database, not a PriceLab project: create a new project instead`
          : `${abs} is an SQLite database but not a PriceLab project (it holds ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''})`
      )
  } catch (e) {
    if (e instanceof NotAProjectError) throw e
    throw new NotAProjectError(`${abs} is not a PriceLab project (${(e as Error).message})`)
  } finally {
    probe.close()
  }
}

/**
 * A kill or a power cut in the middle of a write leaves a hot journal (or a WAL not
 * yet checkpointed) next to the file. A read-only connection cannot roll it back
 * ("attempt to write a readonly database"), so the file is first opened for writing
 * and read once: SQLite then restores it to its last commit, as any open would. Only
 * after that is the file judged. Nothing else is changed (no journal-mode switch).
 */
export function recoverJournal(abs: string): void {
  const leftovers = [`${abs}-journal`, `${abs}-wal`].filter((p) => existsSync(p) && statSync(p).size > 0)
  if (!leftovers.length) return
  let db: Database.Database
  try {
    db = new Database(abs, { fileMustExist: true })
  } catch (e) {
    throw new NotAProjectError(`${abs} could not be opened to repair it (${(e as Error).message})`)
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (e) {
    throw new NotAProjectError(
      `${abs} is damaged: its unfinished last write could not be rolled back (${(e as Error).message})`
    )
  } finally {
    db.close()
  }
}

/** This process, as recorded on a study run it starts: pid@host, and #start-time where the system tells it. */
export function processOwner(): string {
  const start = processStart(process.pid)
  return `${process.pid}@${hostname()}${start ? `#${start}` : ''}`
}

/**
 * When a process started (clock ticks since boot, /proc/PID/stat field 22), or null
 * where the system does not tell. A PID is reused once its process is gone: the
 * start time tells the run's own process from a newer one with the same number.
 */
export function processStart(pid: number): string | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    // No such process, or no /proc on this system: the caller falls back to the PID alone.
    return null
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return fields[19] ?? null
}

function ownerAlive(owner: string | null): boolean {
  if (!owner) return false
  const [who, start] = owner.split('#')
  const [pid, host] = who.split('@')
  if (host !== hostname()) return true // another machine's run (a shared folder): not ours to judge
  try {
    process.kill(Number(pid), 0)
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'
  }
  // The PID lives: is it still the process that started the run?
  const now = start ? processStart(Number(pid)) : null
  return !start || now === null || now === start
}

/**
 * Study runs still `running` whose process no longer exists were cut off (a crash,
 * a kill, a power cut): they are marked `interrupted` so nothing waits on them.
 */
export function markInterruptedRuns(db: Db, now = new Date().toISOString()): number {
  const rows = db
    .prepare<{ run_id: number; owner: string | null; stages_json: string }>(
      "SELECT run_id, owner, stages_json FROM pipeline_runs WHERE status = 'running'"
    )
    .all()
  let n = 0
  for (const r of rows) {
    if (ownerAlive(r.owner)) continue
    // Damaged stages must not keep the project from opening: the run is closed without them.
    const saved = readListed(STAGES_FORMAT, r.stages_json)
    const stages = ('value' in saved ? saved.value : []).map((s): StageRecord =>
      s.status === 'running' || s.status === 'pending' ? { ...s, status: 'cancelled' } : s
    )
    db.prepare(
      "UPDATE pipeline_runs SET status = 'interrupted', error = ?, stages_json = ?, finished_at = ? WHERE run_id = ?"
    ).run(
      'interrupted: PriceLab stopped (crash or kill) before the run finished' +
        ('damaged' in saved ? ` (its saved stages could not be read: ${saved.damaged})` : ''),
      saveJson(STAGES_FORMAT, stages),
      now,
      r.run_id
    )
    n++
  }
  return n
}
