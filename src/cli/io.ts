import { existsSync } from 'node:fs'
import { Backend } from '../backend/backend'
import { VERSION } from '../backend/launch'
import type { ApiEvent } from '../shared/api'
import { progress } from '../shared/format/numbers'

export interface Io {
  out(s: string): void
  err(s: string): void
  isTTY: boolean
}

export interface Command {
  summary: string
  usage: string
  run(argv: string[], io: Io): Promise<number>
}

export async function withProject<T>(
  db: string,
  create: boolean,
  fn: (b: Backend) => Promise<T>
): Promise<T> {
  const backend = new Backend({ mode: 'cli', version: VERSION })
  try {
    backend.openProject(db, { create: create && !existsSync(db) })
    return await fn(backend)
  } finally {
    backend.close()
  }
}

/** A backend with no project open, for the calls that need none (the SQL of a transaction recipe). */
export async function withBackend<T>(fn: (b: Backend) => Promise<T>): Promise<T> {
  const backend = new Backend({ mode: 'cli', version: VERSION })
  try {
    return await fn(backend)
  } finally {
    backend.close()
  }
}

/** A progress line on stderr: rewritten in place on a terminal, one line per 10% otherwise. */
export function progressPrinter(io: Io): (e: ApiEvent) => void {
  let lastDecile = -1
  return (e) => {
    if (io.isTTY) io.err(`\r${e.message.padEnd(28)} ${progress(e.percent).padStart(4)}`)
    else if (Math.floor(e.percent / 10) > lastDecile) {
      lastDecile = Math.floor(e.percent / 10)
      io.err(`${progress(e.percent)} ${e.message}\n`)
    }
  }
}

/** Prints the command's result: one JSON document with --json, readable lines otherwise. */
export function report(
  io: Io,
  json: boolean | undefined,
  doc: Record<string, unknown>,
  lines: () => string[]
): void {
  if (json) writeJson(io, doc)
  else for (const l of lines()) io.out(l + '\n')
}

/** Elements of a last array field written per piece of about this many characters. */
const PIECE = 1 << 20

/**
 * `JSON.stringify(doc) + '\n'`, the same text, written in pieces when the last field is a long array (an
 * optimize's 100k rows are ~90 MB of JSON): never one string of the whole document and its copy as bytes.
 */
export function writeJson(io: Pick<Io, 'out'>, doc: Record<string, unknown>): void {
  const keys = Object.keys(doc)
  const last = keys[keys.length - 1]
  const list = last === undefined ? undefined : doc[last]
  if (!Array.isArray(list) || list.length < 1000) {
    io.out(JSON.stringify(doc) + '\n')
    return
  }
  const head = JSON.stringify(Object.fromEntries(keys.slice(0, -1).map((k) => [k, doc[k]])))
  let piece = `${head.slice(0, -1)}${keys.length > 1 && head !== '{}' ? ',' : ''}${JSON.stringify(last)}:[`
  for (let i = 0; i < list.length; i++) {
    // As JSON.stringify writes an array's element: a hole, undefined or a function as null.
    piece += (i ? ',' : '') + ((JSON.stringify(list[i]) as string | undefined) ?? 'null')
    if (piece.length >= PIECE) {
      io.out(piece)
      piece = ''
    }
  }
  io.out(piece + ']}\n')
}

/** Runs a long call with the progress line on stderr (none with --json), ending the line after. */
export async function withProgress<T>(
  b: Backend,
  io: Io,
  json: boolean | undefined,
  fn: () => Promise<T>
): Promise<T> {
  const off = b.onEvent(json ? () => {} : progressPrinter(io))
  try {
    return await fn()
  } finally {
    off()
    if (!json && io.isTTY) io.err('\n')
  }
}
