/** "Compact project": old elasticity runs deleted and the file shrunk, or nothing deleted at all. */
import { statSync } from 'node:fs'
import { pruneOldRuns } from '../../core/elasticity/model-store'
import type { Db } from '../../core/db/port'
import type { ProjectSession } from '../project'
import { StorageError } from '../safe-output'

/** What the disk said, in words; null for anything that is not the disk's (a bug: thrown as it is). */
function diskWords(e: unknown): string | null {
  const code = (e as { code?: unknown })?.code
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full'
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return 'the disk reported an error'
  return null
}

function refusal(e: unknown, step: string): unknown {
  const words = diskWords(e)
  if (!words) return e
  return new StorageError(
    `${words} while ${step}: the project was not compacted and no run was deleted (the project is as it was). Free some space (compacting needs about the project's size again) and try again`
  )
}

/**
 * The big write comes first, before anything is deleted: VACUUM rewrites the file (and switches it to
 * incremental auto-vacuum once, so that freed pages can later be given back inside a transaction). Then
 * the old runs are deleted and their pages returned to the disk in ONE transaction: a full disk rolls
 * both back. (Deleting, then vacuuming, had deleted the runs and then said "nothing was written".)
 */
function compact(db: Db): number {
  try {
    if (firstValue(db.pragma('auto_vacuum')) !== INCREMENTAL) db.pragma('auto_vacuum = INCREMENTAL')
    db.exec('VACUUM')
  } catch (e) {
    throw refusal(e, 'rewriting the project file')
  }
  try {
    return db.transaction(() => {
      const n = pruneOldRuns(db)
      db.pragma('incremental_vacuum')
      return n
    })
  } catch (e) {
    throw refusal(e, 'deleting the old runs')
  }
}

/** PRAGMA auto_vacuum's value for incremental. */
const INCREMENTAL = 2

function firstValue(rows: unknown): unknown {
  const row = Array.isArray(rows) ? (rows[0] as Record<string, unknown> | undefined) : undefined
  return row ? Object.values(row)[0] : undefined
}

export async function compactProject(
  project: ProjectSession
): Promise<{ bytesBefore: number; bytesAfter: number; runsDeleted: number }> {
  const size = () => statSync(project.path).size
  await project.lockWrite((db) => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'))
  const bytesBefore = size()
  const runsDeleted = await project.lockWrite((db) => {
    const n = compact(db)
    // VACUUM goes through the write-ahead log: merge it so the file on disk shrinks now.
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    return n
  })
  return { bytesBefore, bytesAfter: size(), runsDeleted }
}
