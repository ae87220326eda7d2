import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Backend } from '../src/backend/backend'
import { startServer } from '../src/server/server'
import { startLoopProbe, type LoopReport } from './loop-probe'

/**
 * The browser's side (CommonJS, run as an eval'd worker so it needs no file of its own in a bundle): listens
 * to /api/events as the renderer does, posts one call to /api/call when told, and hands back what came. On
 * its own thread, so its work (reading the events and the answer) is not counted against the server's.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads')
const WebSocket = require(workerData.ws)
const { url, token } = workerData
let events = 0
const ws = new WebSocket(url.replace('http', 'ws') + 'api/events', ['token.' + token], { headers: { origin: url.slice(0, -1) } })
ws.on('message', () => events++)
ws.on('open', () => parentPort.postMessage({ type: 'ready' }))
parentPort.on('message', async (m) => {
  const res = await fetch(url + 'api/call', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify(m)
  })
  const text = await res.text()
  parentPort.postMessage({ type: 'done', status: res.status, bytes: text.length, events, body: JSON.parse(text) })
})
`

export interface BrowserCall {
  status: number
  /** Characters of the answer's JSON. */
  bytes: number
  /** Progress events the client received on /api/events meanwhile. */
  events: number
  body: { ok: boolean; value?: unknown; error?: unknown }
  wallMs: number
  /** The server's main thread while the call ran (from the post to the client's having read the answer). */
  loop: LoopReport
}

function nextMessage<T>(w: Worker, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return
      w.off('message', on)
      resolve(m as T)
    }
    w.on('message', on)
    w.once('error', reject)
  })
}

/**
 * One call the way browser mode makes it: the backend behind the HTTP server (POST /api/call, progress on the
 * WebSocket), a client on another thread, the event-loop probe on this (the server's) thread. `keepOverMs`:
 * see `startLoopProbe`.
 */
export async function callThroughServer(
  backend: Backend,
  staticDir: string,
  call: { name: string; args: unknown },
  keepOverMs = Infinity
): Promise<BrowserCall> {
  const server = await startServer(backend, { staticDir })
  const client = new Worker(CLIENT, {
    eval: true,
    workerData: { url: server.url, token: server.token, ws: createRequire(__filename).resolve('ws') }
  })
  try {
    await nextMessage(client, 'ready')
    const probe = startLoopProbe(2, keepOverMs)
    const t0 = performance.now()
    const done = nextMessage<Omit<BrowserCall, 'wallMs' | 'loop'>>(client, 'done')
    client.postMessage(call)
    const res = await done
    const loop = probe.stop()
    return { ...res, wallMs: Math.round(performance.now() - t0), loop }
  } finally {
    await client.terminate()
    await server.close()
  }
}
