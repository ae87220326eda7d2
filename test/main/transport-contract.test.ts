import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { Backend } from '../../src/backend/backend'
import { startServer, type RunningServer } from '../../src/server/server'
import { ApiError, type ApiArgs, type ApiEvent, type ApiName } from '../../src/shared/api'
import type { ErrorCode } from '../../src/shared/errors'
import { httpCalls, ipcCalls, type Calls } from '../../src/renderer/src/api/call-transport'
import { tempDir } from '../helpers'
import { startFakeShell } from './shell-fixture'

/**
 * One suite of renderer calls, run through the renderer's own call code on both
 * transports against one backend: Electron (bridge → fake IPC with Electron's
 * structured clone → the real main handlers) and browser mode (fetch → the real
 * server → JSON). Both must give the same value, or the same error body.
 */
let backend: Backend
let server: RunningServer
let shell: Awaited<ReturnType<typeof startFakeShell>>
let ipc: Calls
let http: Calls

beforeAll(async () => {
  const dir = tempDir()
  backend = new Backend({ mode: 'electron', version: 'test' })
  await backend.ensureProject(join(dir, 'contract.pricelab'), { sample: false })
  shell = await startFakeShell({ launch: async () => backend })
  ipc = ipcCalls(shell.bridge)
  const staticDir = join(dir, 'static')
  mkdirSync(staticDir)
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>')
  server = await startServer(backend, { staticDir, token: 'contract-token' })
  http = httpCalls(server.url.replace(/\/$/, ''), 'contract-token')
})
afterAll(async () => {
  await server?.close()
  backend?.close()
})

type Outcome = { value: unknown } | { error: { type: string; body: unknown } }

async function settle(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await p }
  } catch (e) {
    return { error: { type: (e as Error).name, body: e instanceof ApiError ? e.body : (e as Error).message } }
  }
}

/** Runs the call on both transports, one after the other, and returns both outcomes. */
async function both<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<[Outcome, Outcome]> {
  const a = await settle(ipc.call(name, args))
  const b = await settle(http.call(name, args))
  return [a, b]
}

/** What, which call, its arguments, and the outcome both must give: a value, or this error code. */
const same: [string, ApiName, unknown, 'value' | ErrorCode][] = [
  ['app info', 'app:info', {}, 'value'],
  ['the open project', 'project:current', {}, 'value'],
  ['tables', 'data:tables', {}, 'value'],
  ['datasets', 'data:datasets', {}, 'value'],
  [
    'a sorted, filtered page of rows',
    'data:rows',
    {
      table: 'courses',
      offset: 5,
      limit: 25,
      sort: { column: 'token_price', direction: 'desc' },
      filters: [{ column: 'category', op: 'ne', value: 'zzz' }]
    },
    'value'
  ],
  ['a table summary', 'data:summary', { table: 'courses' }, 'value'],
  ['a summary of a larger table', 'data:summary', { table: 'enrollments' }, 'value'],
  ['elasticity sources', 'elasticity:sources', {}, 'value'],
  ['no elasticity run yet (null)', 'elasticity:run', {}, 'value'],
  ['pricing settings', 'pricing:settings', {}, 'value'],
  ['recent projects', 'project:recent', {}, 'value'],
  // Errors: each must arrive as the same ApiError body.
  ['invalid arguments', 'data:rows', { table: 'courses', offset: -1, limit: 10 }, 'invalid_input'],
  // A user's mistake, never internal (issue 32).
  ['an unknown table', 'data:summary', { table: 'no_such_table' }, 'not_found'],
  ['a missing project file', 'project:open', { path: '/nowhere/missing.pricelab' }, 'not_found'],
  ['an unknown file id', 'import:preview', { fileId: 'no-such-file' }, 'not_found'],
  ['an optimization before any model', 'pricing:optimize', {}, 'not_found'],
  ['an unknown call', 'fs:readFile' as ApiName, {}, 'invalid_input'],
  ['a non-object argument', 'data:tables', 'x', 'invalid_input']
]

describe('the renderer contract on both transports', () => {
  it('generates the same tiny sample through either transport (all but the timing)', async () => {
    const [a, b] = await both('data:generate', { jobId: 'contract-gen', seed: 11, scale: 0.02 })
    const strip = (o: Outcome) => ('value' in o ? { ...(o.value as object), ms: 0 } : o)
    expect('value' in a).toBe(true)
    expect(strip(a)).toStrictEqual(strip(b))
    expect((a as { value: { counts: Record<string, number> } }).value.counts.courses).toBeGreaterThan(0)
  })

  for (const [what, name, args, outcome] of same)
    it(`${what}: ${name} gives ${outcome === 'value' ? 'a value' : outcome}`, async () => {
      const [a, b] = await both(name, args as ApiArgs<typeof name>)
      expect(a).toStrictEqual(b)
      if (outcome === 'value') expect(a).toHaveProperty('value')
      else expect(a).toMatchObject({ error: { type: 'ApiError', body: { code: outcome } } })
    })

  it('errors keep their code and message (an ApiError, not a transport failure)', async () => {
    const [a] = await both('data:rows', { table: 'courses', offset: -1, limit: 10 })
    expect(a).toMatchObject({
      error: { type: 'ApiError', body: { code: 'invalid_input', message: expect.stringMatching(/offset/) } }
    })
    const [m] = await both('project:open', { path: '/nowhere/missing.pricelab' })
    expect(m).toMatchObject({ error: { body: { code: 'not_found' } } })
  })

  it('progress of a job reaches both transports', async () => {
    const ipcEvents: ApiEvent[] = []
    const off = shell.bridge.onEvent((e) => ipcEvents.push(e as ApiEvent))
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, ['token.contract-token'])
    const wsEvents: ApiEvent[] = []
    ws.on('message', (m) => wsEvents.push(JSON.parse(String(m)) as ApiEvent))
    await new Promise((r) => ws.on('open', r))
    // The WebSocket's last event of the job may land after the call returns: waited on, not slept for.
    const wsDone = new Promise<void>((resolve) =>
      ws.on('message', (m) => {
        const e = JSON.parse(String(m)) as ApiEvent
        if (e.jobId === 'contract-events' && e.percent === 100) resolve()
      })
    )
    await ipc.call('data:generate', { jobId: 'contract-events', seed: 11, scale: 0.02 })
    await wsDone
    off()
    ws.close()
    const done = (es: ApiEvent[]) => es.filter((e) => e.jobId === 'contract-events' && e.percent === 100)
    expect(done(ipcEvents).length).toBeGreaterThan(0)
    expect(done(wsEvents)).toStrictEqual(done(ipcEvents))
  })
})
