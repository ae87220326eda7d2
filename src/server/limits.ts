import type { IncomingMessage } from 'node:http'
import { createWriteStream, rmSync } from 'node:fs'
import { once } from 'node:events'
import { megabytes } from '../shared/format/numbers'

/** Largest API call body: every call's arguments fit easily; a bigger one is refused with 413. */
export const MAX_CALL_BODY = 4 << 20

/**
 * Largest CSV upload in browser mode, in MiB (the desktop app reads files in place and has no limit).
 * PRICELAB_MAX_UPLOAD_MB or `--max-upload-mb` change it.
 */
export const DEFAULT_MAX_UPLOAD_MB = 2048

export function maxUploadBytes(flag?: string): number {
  const raw = flag ?? process.env.PRICELAB_MAX_UPLOAD_MB
  const mb = raw === undefined ? DEFAULT_MAX_UPLOAD_MB : Number(raw)
  if (!Number.isFinite(mb) || mb <= 0)
    throw new Error(`the upload limit must be a positive number of MB, got ${raw}`)
  return Math.round(mb * 1024 * 1024)
}

/** Calls that take a path on this machine: only the desktop shell (its dialog, over IPC) may use them. */
export const DESKTOP_ONLY_CALLS = new Set(['file:stagePath'])

/**
 * Reads a request body up to `limit` bytes. A larger body is read to its end and
 * dropped (up to 16× the limit, then the connection is cut), so the client gets a
 * clean 413 instead of a reset connection.
 */
export function readBody(
  req: IncomingMessage,
  limit: number
): Promise<{ text: string } | { tooLarge: true }> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= limit) parts.push(c)
      else if (size > limit * 16) req.destroy()
    })
    req.on('end', () =>
      resolve(size > limit ? { tooLarge: true } : { text: Buffer.concat(parts).toString('utf8') })
    )
    req.on('error', reject)
  })
}

/**
 * Writes an upload to `path` up to `limit` bytes. Past the limit the partial file is
 * deleted and the rest of the body is read and dropped (up to 16× the limit), so the
 * client gets a 413 rather than a reset connection.
 */
export async function receiveUpload(
  req: IncomingMessage,
  path: string,
  limit: number
): Promise<'ok' | 'tooLarge'> {
  const out = createWriteStream(path)
  let size = 0
  let over = false
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (over) {
        if (size > limit * 16) break
        continue
      }
      if (size > limit) {
        over = true
        continue
      }
      if (!out.write(chunk)) await once(out, 'drain')
    }
  } finally {
    out.end()
    // A stream that failed emits 'error', not 'close': that error already ended the copy above.
    await once(out, 'close').catch(() => undefined)
    if (over) rmSync(path, { force: true })
  }
  return over ? 'tooLarge' : 'ok'
}

/** decodeURIComponent that answers null for a malformed escape instead of throwing. */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    // A malformed %-escape (URIError): the caller answers 400.
    return null
  }
}

export function formatMb(bytes: number): string {
  return megabytes(bytes)
}
