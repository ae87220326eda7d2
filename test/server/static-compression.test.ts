import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib'
import { Backend } from '../../src/backend/backend'
import { startServer, type RunningServer } from '../../src/server/server'
import { pickEncoding } from '../../src/server/static-files'
import { tempDir } from '../helpers'

let server: RunningServer
let backend: Backend
let staticDir: string
// Compressible and large enough to matter: a page script of ~90 KB.
const script = Array.from({ length: 3000 }, (_, i) => `export const v${i} = ${i} * 2;`).join('\n')

beforeAll(async () => {
  const dir = tempDir()
  staticDir = join(dir, 'static')
  mkdirSync(join(staticDir, 'assets'), { recursive: true })
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PriceLab</title>')
  writeFileSync(join(staticDir, 'assets/page.js'), script)
  writeFileSync(join(staticDir, 'assets/pre.js'), script)
  // A precompressed variant (as the build writes), marked so the test can tell it was served as is.
  writeFileSync(join(staticDir, 'assets/pre.js.br'), brotliCompressSync(Buffer.from(script + '//pre')))
  backend = new Backend({ mode: 'browser', version: 'test' })
  await backend.ensureProject(join(dir, 'p.pricelab'), { sample: false })
  server = await startServer(backend, { staticDir, token: 'secret-token-123' })
})
afterAll(async () => {
  await server.close()
  backend.close()
})

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} },
        (res) => {
          const parts: Buffer[] = []
          res.on('data', (c: Buffer) => parts.push(c))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) })
          )
        }
      )
      req.on('error', reject)
      req.end()
    }
  )
}

describe('static files in browser mode', () => {
  it('serves brotli when the browser accepts it, with the right headers', async () => {
    const r = await get('assets/page.js', 'gzip, deflate, br')
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers['vary']).toBe('Accept-Encoding')
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(Number(r.headers['content-length'])).toBe(r.body.length)
    expect(r.body.length).toBeLessThan(script.length / 4)
    expect(brotliDecompressSync(r.body).toString()).toBe(script)
  })

  it('serves gzip to a browser without brotli, and the plain file to one that accepts neither', async () => {
    const gz = await get('assets/page.js', 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(script)
    const plain = await get('assets/page.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(script)
    const refused = await get('assets/page.js', 'br;q=0, gzip;q=0')
    expect(refused.headers['content-encoding']).toBeUndefined()
  })

  it("uses the build's precompressed file", async () => {
    const r = await get('assets/pre.js', 'br')
    expect(r.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(r.body).toString()).toBe(script + '//pre')
  })

  it('picks brotli, then gzip, honouring q=0', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(pickEncoding('gzip;q=1.0, br;q=0')).toBe('gzip')
    expect(pickEncoding('identity')).toBeNull()
    expect(pickEncoding(undefined)).toBeNull()
  })
})
