import { existsSync } from 'node:fs'
import { Backend } from '../backend/backend'
import { VERSION } from '../backend/launch'
import type { ApiEvent } from '../shared/api'
import { progress } from '../shared/format/numbers'
import { jsonTextParts, jsonTextPieces, type Prewritten } from '../backend/json-text'

export interface Io {
  out(s: string): void
  /** Bytes to stdout where the shell can (a document part already written as UTF-8, e.g. 90 MB of rows). */
  outBytes?(b: Uint8Array): void
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
  lines: () => string[],
  prewritten?: Prewritten
): void {
  if (json) writeJson(io, doc, prewritten)
  else for (const l of lines()) io.out(l + '\n')
}

/** Characters per write of a long document. */
const PIECE = 1 << 20

/**
 * `JSON.stringify(doc) + '\n'`, the same text, written in pieces of about a megabyte (an optimize's 100k rows
 * are ~90 MB of JSON): never one string of the whole document and its copy as bytes.
 */
export function writeJson(
  io: Pick<Io, 'out' | 'outBytes'>,
  doc: Record<string, unknown>,
  prewritten?: Prewritten
): void {
  if (io.outBytes && prewritten) {
    // Parts already written as bytes (json-pieces.ts) go out as they are: the same text.
    for (const part of jsonTextParts(doc, PIECE, prewritten))
      if (typeof part === 'string') io.out(part)
      else io.outBytes(part)
    io.out('\n')
    return
  }
  // The newline goes with the last piece: a short document is one write.
  let held: string | null = null
  for (const piece of jsonTextPieces(doc, PIECE)) {
    if (held !== null) io.out(held)
    held = piece
  }
  io.out((held ?? '') + '\n')
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
