import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import WebSocket from 'ws'
import { Backend } from '../../src/backend/backend'
import { startServer, type RunningServer } from '../../src/server/server'
import { tempDir } from '../helpers'

let server: RunningServer
let backend: Backend
let dir: string

beforeAll(async () => {
  dir = tempDir()
  const staticDir = join(dir, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PriceLab</title>')
  backend = new Backend({ mode: 'browser', version: 'test' })
  await backend.ensureProject(join(dir, 'p.pricelab'), { sample: false })
  server = await startServer(backend, { staticDir, token: 'secret-token-123' })
})
afterAll(async () => {
  await server.close()
  backend.close()
})

function call(headers: Record<string, string>, body: unknown = { name: 'data:tables', args: {} }) {
  return fetch(`${server.url}api/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body)
  })
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
  })

  it('answers a call that carries the token', async () => {
    const r = await call({ Authorization: 'Bearer secret-token-123' })
    expect(r.status).toBe(200)
    const body = (await r.json()) as { ok: boolean; value: { name: string }[] }
    expect(body.ok).toBe(true)
    expect(body.value.map((t) => t.name)).toContain('courses')
  })

  it('refuses a call without the token or with a wrong one', async () => {
    expect((await call({})).status).toBe(401)
    expect((await call({ Authorization: 'Bearer nope' })).status).toBe(401)
  })

  it('refuses a call from a foreign Origin (cross-site request)', async () => {
    expect(
      (await call({ Authorization: 'Bearer secret-token-123', Origin: 'http://evil.example' })).status
    ).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/call',
          method: 'POST',
          headers: { Host: `evil.example:${server.port}`, Authorization: 'Bearer secret-token-123' }
        },
        (res) => resolve(res.statusCode ?? 0)
      )
      req.end('{}')
    })
    expect(status).toBe(421)
  })

  it('validates every call at the boundary', async () => {
    const r = await call(
      { Authorization: 'Bearer secret-token-123' },
      { name: 'data:rows', args: { table: 'courses', offset: -1, limit: 10 } }
    )
    const body = (await r.json()) as { ok: boolean; error: { code: string; message: string } }
    expect(body.ok).toBe(false)
    expect(body.error.code).toBe('invalid_input')
    expect(body.error.message).toMatch(/offset/)
    const unknown = (await (
      await call({ Authorization: 'Bearer secret-token-123' }, { name: 'fs:readFile', args: {} })
    ).json()) as { error: { message: string } }
    expect(unknown.error.message).toMatch(/unknown call/)
  })

  it('refuses a WebSocket without the token', async () => {
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`)
      ws.on('open', () => resolve(false))
      ws.on('error', () => resolve(true))
    })
    expect(refused).toBe(true)
    const accepted = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, ['token.secret-token-123'])
      ws.on('open', () => {
        ws.close()
        resolve(true)
      })
      ws.on('error', () => resolve(false))
    })
    expect(accepted).toBe(true)
  })

  it('serves the renderer with a Content-Security-Policy', async () => {
    const r = await fetch(server.url)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/)
  })
})
