import { existsSync, readFileSync, statSync } from 'node:fs'
import { brotliCompressSync, gzipSync } from 'node:zlib'

export type Encoding = 'br' | 'gzip'

const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json)$/
/** Compressed bodies made on the fly, by path and modification time (for builds without precompressed files). */
const cache = new Map<string, { mtimeMs: number; body: Buffer }>()

/** The encoding the browser accepts that we prefer: brotli, then gzip (q=0 means refused). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((s) => s.trim().split(';'))
      .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
      .map(([name]) => name.trim().toLowerCase())
  )
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return null
}

/**
 * The compressed body of a static file in the encoding asked for: the build's precompressed
 * `.br`/`.gz` beside it when it is as new as the file, otherwise compressed once and kept in memory.
 * Null for files not worth compressing (images, fonts) or when the client accepts no encoding.
 */
export function compressedBody(file: string, encoding: Encoding | null): Buffer | null {
  if (!encoding || !COMPRESSIBLE.test(file)) return null
  const mtimeMs = statSync(file).mtimeMs
  const pre = `${file}.${encoding === 'br' ? 'br' : 'gz'}`
  if (existsSync(pre) && statSync(pre).mtimeMs >= mtimeMs) return readFileSync(pre)
  const key = `${file}\0${encoding}`
  const hit = cache.get(key)
  if (hit && hit.mtimeMs === mtimeMs) return hit.body
  const raw = readFileSync(file)
  const body = encoding === 'br' ? brotliCompressSync(raw) : gzipSync(raw)
  cache.set(key, { mtimeMs, body })
  return body
}
