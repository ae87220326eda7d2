/**
 * Projects SQLite cannot write beside. A project is one file, but SQLite writes a journal
 * (or a write-ahead log and its index) in the same folder even to read a WAL project: in a
 * read-only folder the open itself failed ("unable to open database file"). Such a project
 * is read from a snapshot copied to the temporary folder, removed when it is closed.
 */
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

/** Why the project cannot be written where it is, or null when it can. */
export function readOnlyReason(abs: string): string | null {
  if (!canWrite(abs)) return 'the file is read-only'
  if (!canWrite(dirname(abs)))
    return `its folder ${dirname(abs)} is read-only, and SQLite writes its journal beside the file`
  return null
}

function canWrite(p: string): boolean {
  try {
    accessSync(p, constants.W_OK)
    return true
  } catch {
    // Not writable (permissions, an immutable file, a read-only mount): the answer, not a failure.
    return false
  }
}

const PREFIX = 'pricelab-read-only-'

/** A copy of the project (and of its unmerged write-ahead log) in a new temporary folder. */
export function snapshotOf(abs: string): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX))
  const copy = join(dir, basename(abs))
  copyFileSync(abs, copy)
  // An unmerged log or a hot journal goes with it: SQLite applies or rolls it back in the copy.
  for (const side of ['-wal', '-journal']) if (existsSync(abs + side)) copyFileSync(abs + side, copy + side)
  return copy
}

/** Removes a snapshot's folder (only one this module made). */
export function closeSnapshot(copy: string): void {
  const dir = dirname(copy)
  if (basename(dir).startsWith(PREFIX)) rmSync(dir, { recursive: true, force: true })
}
