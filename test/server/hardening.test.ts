import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { Backend } from '../../src/backend/backend'
import { startServer, type RunningServer } from '../../src/server/server'
import { tempDir } from '../helpers'

const TOKEN = 'hardening-token-456'
const auth = { Authorization: `Bearer ${TOKEN}` }
let server: RunningServer
let backend: Backend
let dir: string
let uploads: string

beforeAll(async () => {
  dir = tempDir()
  uploads = join(process.env.PRICELAB_HOME as string, 'uploads')
  const staticDir = join(dir, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PriceLab</title>')
  backend = new Backend({ mode: 'browser', version: 'test' })
  await backend.ensureProject(join(dir, 'p.pricelab'), { sample: false })
  server = await startServer(backend, { staticDir, token: TOKEN, maxUploadBytes: 64 * 1024 })
})
afterAll(async () => {
  await server.close()
  backend.close()
})

function post(path: string, body: string, headers: Record<string, string> = auth) {
  return fetch(`${server.url}${path}`, { method: 'POST', headers, body })
}

/** A raw GET, so a malformed escape reaches the server as typed. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

async function upload(text: string, name = 'sales.csv'): Promise<{ fileId: string }> {
  const r = await post(`api/upload?name=${name}`, text)
  expect(r.status).toBe(200)
  return ((await r.json()) as { value: { fileId: string } }).value
}

describe('browser mode exposes only what the browser UI needs (issue 17, item 4)', () => {
  it('does not stage a path on this machine over HTTP', async () => {
    const r = await post(
      'api/call',
      JSON.stringify({ name: 'file:stagePath', args: { path: '/etc/passwd' } }),
      {
        ...auth,
        'Content-Type': 'application/json'
      }
    )
    expect(r.status).toBe(403)
    const body = (await r.json()) as { ok: boolean; error: { message: string } }
    expect(body.ok).toBe(false)
    expect(body.error.message).toMatch(/not available in browser mode/)
    expect(JSON.stringify(body)).not.toMatch(/fileId/)
  })
})

describe('request bodies and URLs (issue 17, messages)', () => {
  it('a call body over 4 MB gets 413, not a reset connection', async () => {
    const big = JSON.stringify({ name: 'data:tables', args: { pad: 'x'.repeat(5 << 20) } })
    const r = await post('api/call', big, { ...auth, 'Content-Type': 'application/json' })
    expect(r.status).toBe(413)
    // The server still answers.
    expect((await post('api/call', JSON.stringify({ name: 'data:tables', args: {} }))).status).toBe(200)
  })

  it('a body of null, or not an object, is a 400', async () => {
    for (const body of ['null', '[]', '42', '"x"']) {
      const r = await post('api/call', body)
      expect(r.status, body).toBe(400)
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('invalid_input')
    }
  })

  it('a malformed URI is a 400, for the API and for static files', async () => {
    expect(await rawGet('/%E0%A4%A', {})).toBe(400)
    expect(await rawGet('/api/download/%E0%A4%A', auth)).toBe(400)
  })
})

describe('uploads and exports (issue 17, item 5)', () => {
  it('an upload over the limit gets 413 and leaves no file behind', async () => {
    const before = existsSync(uploads) ? readdirSync(uploads).length : 0
    const r = await post('api/upload?name=big.csv', 'A'.repeat(200 * 1024))
    expect(r.status).toBe(413)
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(
      /upload limit of 0 MB|upload limit/
    )
    expect(readdirSync(uploads).length).toBe(before)
  })

  it('an imported upload is deleted; exports are deleted when the app closes', async () => {
    const f = await upload('sku,price,units\nA,10,3\nB,12,1\n')
    const path = backend.files.get(f.fileId).path
    expect(existsSync(path)).toBe(true)
    const r = await backend.call('import:run', {
      jobId: 'up',
      fileId: f.fileId,
      plan: { target: { kind: 'dataset', name: 'up', roles: {} } }
    })
    expect(r.rows).toBe(2)
    expect(existsSync(path)).toBe(false)
    const other = new Backend({ mode: 'cli', version: 'test' })
    other.openProject(join(dir, 'p2.pricelab'), { create: true })
    const e = await other.call('export:table', { table: 'courses' })
    const exported = other.files.get(e.fileId).path
    expect(existsSync(exported)).toBe(true)
    other.close()
    expect(existsSync(exported)).toBe(false)
  })
})

describe('stream errors (issue 17, item 6)', () => {
  it('downloading a staged file that became a folder answers 404 and the server lives on', async () => {
    const f = await upload('a,b\n1,2\n', 'x.csv')
    const path = backend.files.get(f.fileId).path
    rmSync(path)
    mkdirSync(path)
    const r = await fetch(`${server.url}api/download/${f.fileId}`, { headers: auth })
    expect(r.status).toBe(404)
    const ok = await post('api/call', JSON.stringify({ name: 'data:tables', args: {} }))
    expect(ok.status).toBe(200)
    rmSync(path, { recursive: true })
  })
})
