import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { StagedFile } from '../shared/api'
import { NotFoundError } from './project'

interface Entry extends StagedFile {
  path: string
}

/**
 * Files the user handed to the app (a path chosen in a dialog, or bytes uploaded in
 * browser mode) and files the app produced (exports), addressed by an opaque id so
 * no call takes an arbitrary path after staging.
 */
export class FileRegistry {
  private readonly files = new Map<string, Entry>()

  stagePath(path: string, name = basename(path)): StagedFile {
    const abs = resolve(path)
    if (!existsSync(abs)) throw new NotFoundError(`no file at ${abs}`)
    const st = statSync(abs)
    if (!st.isFile()) throw new Error(`${abs} is not a file`)
    const entry: Entry = { fileId: randomUUID(), name, size: st.size, path: abs }
    this.files.set(entry.fileId, entry)
    return { fileId: entry.fileId, name: entry.name, size: entry.size }
  }

  get(fileId: string): Entry {
    const e = this.files.get(fileId)
    if (!e) throw new NotFoundError(`unknown file id ${fileId}: stage the file again`)
    return e
  }

  /**
   * Chunks of 128 KiB: large enough for throughput, small enough that parsing and
   * inserting one chunk (~2,500 rows) keeps the event loop free for other calls.
   */
  open(fileId: string): AsyncIterable<Uint8Array> {
    return createReadStream(this.get(fileId).path, { highWaterMark: 1 << 17 })
  }
}
