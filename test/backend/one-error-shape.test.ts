// One error shape end to end: the same DomainError (code, message, issues with path) from core,
// through a worker, the Backend, the browser-mode server's HTTP and the CLI's --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { toErrorBody } from '../../src/backend/error-body'
import { openSqlite } from '../../src/backend/sqlite'
import { knownTable } from '../../src/core/data/tables'
import { DomainError } from '../../src/shared/domain-error'
import { startServer, type RunningServer } from '../../src/server/server'
import type { ApiErrorBody } from '../../src/shared/errors'
import { cli, tempDir } from '../helpers'

let dir: string
let path: string
let backend: Backend
let server: RunningServer
let fromCore: ApiErrorBody

beforeAll(async () => {
  dir = tempDir()
  path = join(dir, 'p.pricelab')
  const staticDir = join(dir, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>PriceLab</title>')
  backend = new Backend({ mode: 'browser', version: 'test' })
  await backend.ensureProject(path, { sample: false })
  server = await startServer(backend, { staticDir, token: 'secret-token-123' })
  const db = openSqlite(path, { readonly: true, mustExist: true })
  try {
    knownTable(db, 'nope')
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError)
    fromCore = toErrorBody(e)
  } finally {
    db.close()
  }
})
afterAll(async () => {
  await server.close()
  backend.close()
})

async function overHttp(name: string, args: unknown): Promise<ApiErrorBody> {
  const r = await fetch(`${server.url}api/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret-token-123' },
    body: JSON.stringify({ name, args })
  })
  const env = (await r.json()) as { ok: boolean; error: ApiErrorBody }
  expect(env.ok).toBe(false)
  return env.error
}

describe('one error shape end to end', () => {
  it('core raises a not_found naming the table, with the issue at its path', () => {
    expect(fromCore.code).toBe('not_found')
    expect(fromCore.message).toMatch(/^unknown table "nope"/)
    expect(fromCore.issues).toEqual([{ path: ['table'], message: fromCore.message }])
  })

  it('the same body through a reader worker, the Backend and HTTP; Backend.call throws the DomainError', async () => {
    // data:summary reads in a worker; export:table on the main thread.
    const viaWorker = await backend.dispatch('data:summary', { table: 'nope' })
    expect(viaWorker).toEqual({ ok: false, error: fromCore })
    expect(await backend.dispatch('export:table', { table: 'nope' })).toEqual({ ok: false, error: fromCore })
    const thrown = await backend.call('data:summary', { table: 'nope' }).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(DomainError)
    expect(toErrorBody(thrown)).toEqual(fromCore)
    expect(await overHttp('data:summary', { table: 'nope' })).toEqual(fromCore)
  })

  it('a refused input carries its zod issues as data (path, bound) on every transport', async () => {
    const args = { table: 'courses', delimiter: ',', bom: 3 }
    const direct = await backend.dispatch('export:table', args)
    expect(direct.ok).toBe(false)
    if (direct.ok) return
    expect(direct.error.code).toBe('invalid_input')
    expect(direct.error.issues?.[0].path).toEqual(['bom'])
    expect(await overHttp('export:table', args)).toEqual(direct.error)
    const long = await backend.dispatch('export:table', { table: 'x'.repeat(201) })
    expect(long.ok ? null : long.error.issues).toEqual([
      expect.objectContaining({ path: ['table'], bound: { max: 200, inclusive: true } })
    ])
  })

  it("the CLI's --json prints the same code, message and issues with their path", async () => {
    const r = await cli('export', '--db', path, '--table', 'nope', '--out', join(dir, 'o.csv'), '--json')
    expect(r.code).toBe(1)
    const j = JSON.parse(r.out) as {
      error: { code: string; message: string; issues: { path: unknown; message: string }[] }
    }
    expect(j.error.code).toBe(fromCore.code)
    expect(j.error.message).toBe(fromCore.message)
    expect(j.error.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual(fromCore.issues)
  })
})
