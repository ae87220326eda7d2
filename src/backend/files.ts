import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync, rmSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { StagedFile } from '../shared/api'
import { NotFoundError } from './project'

interface Entry extends StagedFile {
  path: string
  /** A file PriceLab made in its own scratch folders (an upload or an export): deleted when released. */
  owned: boolean
}

/**
 * Files the user handed to the app (a path chosen in a dialog, or bytes uploaded in
 * browser mode) and files the app produced (exports), addressed by an opaque id so
 * no call takes an arbitrary path after staging. Files the app made itself are
 * deleted when released, and all of them when the backend closes.
 */
export class FileRegistry {
  private readonly files = new Map<string, Entry>()

  stagePath(path: string, name = basename(path)): StagedFile {
    return this.add(path, name, false)
  }

  /** Stages a scratch file (upload, export) that the registry deletes when it is released. */
  stageOwned(path: string, name = basename(path)): StagedFile {
    return this.add(path, name, true)
  }

  private add(path: string, name: string, owned: boolean): StagedFile {
    const abs = resolve(path)
    if (!existsSync(abs)) throw new NotFoundError(`no file at ${abs}`)
    const st = statSync(abs)
    if (!st.isFile()) throw new Error(`${abs} is not a file`)
    const entry: Entry = { fileId: randomUUID(), name, size: st.size, path: abs, owned }
    this.files.set(entry.fileId, entry)
    return { fileId: entry.fileId, name: entry.name, size: entry.size }
  }

  get(fileId: string): Entry {
    const e = this.files.get(fileId)
    if (!e) throw new NotFoundError(`unknown file id ${fileId}: stage the file again`)
    return e
  }

  /** Forgets a staged file; one PriceLab made is deleted. */
  release(fileId: string): void {
    const e = this.files.get(fileId)
    if (!e) return
    this.files.delete(fileId)
    if (e.owned) rmSync(e.path, { force: true })
  }

  /** Deletes every scratch file still staged (the backend is closing). */
  dispose(): void {
    for (const id of [...this.files.keys()]) this.release(id)
  }

  /**
   * Chunks of 128 KiB: large enough for throughput, small enough that parsing and
   * inserting one chunk (~2,500 rows) keeps the event loop free for other calls.
   * A staged path that is no longer a regular file is refused before any stream opens.
   */
  open(fileId: string): AsyncIterable<Uint8Array> {
    const e = this.get(fileId)
    let st
    try {
      st = statSync(e.path)
    } catch {
      throw new NotFoundError(`${e.name} no longer exists: stage the file again`)
    }
    if (!st.isFile()) throw new NotFoundError(`${e.name} is no longer a file: stage the file again`)
    return createReadStream(e.path, { highWaterMark: 1 << 17 })
  }
}
