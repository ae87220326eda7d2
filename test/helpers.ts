import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
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

/**
 * `pricelab import` of a sales panel as dataset "sales" with the roles most reliability tests use (item, week,
 * price and a quantity column), so each test writes only what it is about: its file and any extra flags.
 */
export function importSales(
  db: string,
  file: string,
  opts: { quantity?: string; extra?: string[] } = {}
): Promise<{ code: number; out: string; err: string }> {
  return cli(
    'import',
    '--db',
    db,
    '--dataset',
    'sales',
    '--item',
    'item',
    '--period',
    'week',
    '--price',
    'price',
    '--quantity',
    opts.quantity ?? 'quantity',
    ...(opts.extra ?? []),
    file
  )
}

/**
 * A customer table imported as dataset "telco" into `dir`/c.pricelab and a churn run trained on it through the
 * CLI (`--id customer_id`), as an analyst would; the import must succeed, the run's result is returned.
 */
export async function customerChurnRun(
  dir: string,
  csvText: string,
  ...extra: string[]
): Promise<{ db: string; csv: string; run: { code: number; out: string; err: string } }> {
  const db = join(dir, 'c.pricelab')
  const csv = writeFile(dir, 'customers.csv', csvText)
  const imp = await cli('import', '--db', db, '--dataset', 'telco', csv)
  if (imp.code !== 0) throw new Error(`import of the customer table failed: ${imp.err}`)
  const run = await cli(
    'propensity',
    '--db',
    db,
    '--dataset',
    'telco',
    '--label',
    'churn',
    '--id',
    'customer_id',
    ...extra
  )
  return { db, csv, run }
}

/**
 * A project a test file builds once and every test gets its own COPY of (in a new temp folder, under the same
 * file name), for tests that each change the project (tamper with it, retrain, write a sheet) but start from
 * the same one: `build` returns the project's path, runs at the first call, and no test ever writes to it.
 * The copy is the file as saved (with its WAL if one is left; SQLite rebuilds the index beside it), as an
 * analyst copying the file would have it.
 */
export function projectCopies(build: () => Promise<string>): () => Promise<string> {
  let built: Promise<string> | null = null
  return async () => {
    built ??= build()
    const source = await built
    const dest = join(tempDir(), basename(source))
    copyFileSync(source, dest)
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${dest}-wal`)
    return dest
  }
}
