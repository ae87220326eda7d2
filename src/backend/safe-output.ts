import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { copyFile, open, rename, rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join, resolve } from 'node:path'
import { assertNotOpenProject } from './output-target'
import { DomainError } from '../shared/domain-error'

/**
 * Writing the user's files without ever destroying one: an output never lands on
 * the open project or on any SQLite file, replaces an existing file only when the
 * user said so (`--force`, or the save dialog's confirmation), and is written to a
 * temporary file in the same folder then renamed, so the destination is either the
 * old file or the complete new one — never half of each.
 */
export class OutputRefusedError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'OutputRefusedError'
  }
}

/** A disk problem while writing a user's file, already in the user's terms (no internal paths). */
export class StorageError extends DomainError {
  constructor(message: string) {
    super('storage', message)
    this.name = 'StorageError'
  }
}

export interface OutputOptions {
  /** Replace an existing (non-SQLite) file. */
  force?: boolean
  /** Files that must never be overwritten: the open project (its -wal and -shm are added). */
  protect?: string[]
}

const SQLITE_MAGIC = 'SQLite format 3\0'

/** True when the file starts with SQLite's header: a project or another application's database. */
export function isSqliteFile(path: string): boolean {
  let fd: number | null = null
  try {
    fd = openSync(path, 'r')
    const buf = Buffer.alloc(16)
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === SQLITE_MAGIC
  } catch {
    // Missing or unreadable: not a database we could overwrite by mistake.
    return false
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

/** Refuses a destination that would destroy something; returns the absolute path to write. */
export function checkOutput(dest: string, opts: OutputOptions = {}): string {
  const abs = resolve(dest)
  // The open project and its side files, compared as the desktop dialogs compare them.
  for (const p of opts.protect ?? []) assertNotOpenProject(abs, p)
  if (!existsSync(dirname(abs))) throw new OutputRefusedError(`folder ${dirname(abs)} does not exist`)
  if (!existsSync(abs)) return abs
  if (statSync(abs).isDirectory()) throw new OutputRefusedError(`${abs} is a folder: give a file name`)
  if (isSqliteFile(abs))
    throw new OutputRefusedError(
      `${abs} is an SQLite database (a project?): PriceLab never writes an output over one; choose another file name`
    )
  if (!opts.force)
    throw new OutputRefusedError(`${abs} already exists: add --force to replace it, or choose another name`)
  return abs
}

/**
 * A temporary name beside the destination, so the final rename stays on one file system. It
 * carries this process's id: a leftover of a killed process is known as such and cleaned (leftovers.ts).
 */
export function siblingTemp(abs: string, suffix = '.tmp'): string {
  return join(dirname(abs), `.${basename(abs)}.${process.pid}-${randomBytes(4).toString('hex')}${suffix}`)
}

/** Flushes a file (or a folder's entry list) to the disk, so a rename after it publishes complete bytes. */
export async function fsyncPath(path: string): Promise<void> {
  const h = await open(path, 'r')
  try {
    await h.sync()
  } finally {
    await h.close()
  }
}

/** Copies a finished file (an export staged by the backend) to the user's destination, atomically. */
export async function publishFile(src: string, dest: string, opts: OutputOptions = {}): Promise<string> {
  const abs = checkOutput(dest, opts)
  const tmp = siblingTemp(abs)
  try {
    await copyFile(src, tmp)
    await fsyncPath(tmp)
    await rename(tmp, abs)
  } catch (e) {
    await rm(tmp, { force: true })
    throw storageError(e, abs)
  }
  try {
    await fsyncPath(dirname(abs))
  } catch {
    // Some file systems cannot fsync a folder; the file itself is already on disk.
  }
  return abs
}

/** Maps a disk error to a message naming only the user's file; other errors pass through. */
export function storageError(e: unknown, userPath: string): unknown {
  const code = (e as { code?: unknown })?.code
  // SQLite's own word for it (a copy made in a worker arrives as its message only).
  const full = code === 'SQLITE_FULL' || /database or disk is full/.test((e as Error)?.message ?? '')
  if (full || code === 'ENOSPC' || code === 'EDQUOT')
    return new StorageError(
      `the disk is full: ${userPath} was not written (any earlier file there is unchanged). Free some space and try again.`
    )
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new StorageError(`cannot write ${userPath}: the folder is read-only or not accessible`)
  if (code === 'EIO') return new StorageError(`the disk reported an error while writing ${userPath}`)
  return e
}
