import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import type { Db } from '../src/core/db/port'
import { runCli } from '../src/cli/index'
import type { ApiEvent } from '../src/shared/api/envelope'

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pricelab-test-'))
  process.env.PRICELAB_HOME = join(d, 'home')
  return d
}

export function newDb(dir = tempDir(), name = 'p.pricelab'): Db {
  const db = openSqlite(join(dir, name))
  migrate(db)
  return db
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** A byte source from strings or bytes, cut into chunks of the given size. */
export async function* chunks(data: string | Uint8Array, size = 7): AsyncIterable<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

export function writeFile(dir: string, name: string, data: string | Uint8Array): string {
  const p = join(dir, name)
  writeFileSync(p, data)
  return p
}

/** Runs the CLI in-process and captures what it prints. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false })
  return { code, out, err }
}

/**
 * The first event that `accept` takes, from a source of events (a Backend's onEvent, an IPC bridge, a WebSocket
 * wrapper): tests wait on this instead of sleeping for a while and hoping the event came.
 */
export function nextEvent(
  on: (listener: (e: ApiEvent) => void) => () => void,
  accept: (e: ApiEvent) => boolean
): Promise<ApiEvent> {
  return new Promise((resolve) => {
    const off = on((e) => {
      if (!accept(e)) return
      off()
      resolve(e)
    })
  })
}
