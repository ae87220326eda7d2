import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs'
import { join, normalize, extname, sep } from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { WebSocketServer } from 'ws'
import type { Backend } from '../backend/backend'
import { toErrorBody } from '../backend/backend'
import { scratchDir } from '../backend/paths'
import { compressedBody, pickEncoding } from './static-files'
import { CONTENT_SECURITY_POLICY, bearer, hostOk, originOk, tokenOk, type Guard } from './security'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}
const MAX_CALL_BODY = 4 << 20

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Browser mode: the renderer's static files and the typed API (POST /api/call, WS /api/events) on 127.0.0.1. */
export async function startServer(
  backend: Backend,
  opts: { port?: number; staticDir: string; token?: string }
): Promise<RunningServer> {
  const guard: Guard = { port: 0, token: opts.token ?? randomBytes(24).toString('base64url') }
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: toErrorBody(e) })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    if (!hostOk(req, guard)) return text(res, 421, 'unknown host')
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${guard.port}`)
    if (url.pathname.startsWith('/api/')) {
      if (!originOk(req, guard)) return text(res, 403, 'foreign origin')
      if (!tokenOk(bearer(req), guard)) return text(res, 401, 'missing or wrong token')
      if (req.method === 'POST' && url.pathname === '/api/call') return apiCall(req, res)
      if (req.method === 'POST' && url.pathname === '/api/upload') return upload(req, res, url)
      if (req.method === 'GET' && url.pathname.startsWith('/api/download/'))
        return download(res, decodeURIComponent(url.pathname.slice(14)))
      return text(res, 404, 'no such endpoint')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed')
    return serveStatic(req, res, url.pathname)
  }

  async function apiCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: { name?: unknown; args?: unknown }
    try {
      body = JSON.parse(await readBody(req, MAX_CALL_BODY)) as typeof body
    } catch (e) {
      return json(res, 400, {
        ok: false,
        error: { code: 'invalid_input', message: `bad request body: ${(e as Error).message}` }
      })
    }
    json(res, 200, await backend.dispatch(body.name, body.args))
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name =
      (url.searchParams.get('name') ?? 'upload.csv').replace(/[/\\]/g, '_').slice(0, 200) || 'upload.csv'
    const path = join(scratchDir('uploads'), `${randomUUID()}.csv`)
    await pipeline(req, createWriteStream(path))
    json(res, 200, { ok: true, value: backend.files.stagePath(path, name) })
  }

  function download(res: ServerResponse, fileId: string): void {
    let f
    try {
      f = backend.files.get(fileId)
    } catch (e) {
      return json(res, 404, { ok: false, error: toErrorBody(e) })
    }
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(statSync(f.path).size),
      'Content-Disposition': `attachment; filename="${f.name.replace(/[^\w.-]/g, '_')}"`
    })
    createReadStream(f.path).pipe(res)
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '')
    let file = join(opts.staticDir, rel || 'index.html')
    if (!file.startsWith(opts.staticDir + sep) && file !== opts.staticDir) return text(res, 403, 'forbidden')
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(opts.staticDir, 'index.html')
    if (!existsSync(file)) return text(res, 500, 'the renderer is not built: run npm run build')
    const encoding = pickEncoding(req.headers['accept-encoding'])
    const body = compressedBody(file, encoding)
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
      ...(body ? { 'Content-Encoding': encoding as string, 'Content-Length': body.length } : {})
    })
    if (body) res.end(req.method === 'HEAD' ? undefined : body)
    else createReadStream(file).pipe(res)
  }

  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // Browsers cannot set headers on a WebSocket: the token comes as the subprotocol.
    const proto = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim())
    const presented = proto.find((p) => p.startsWith('token.'))?.slice(6)
    if (
      url.pathname !== '/api/events' ||
      !hostOk(req, guard) ||
      !originOk(req, guard) ||
      !tokenOk(presented, guard)
    ) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = backend.onEvent((e) => ws.send(JSON.stringify(e)))
      ws.on('close', off)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  guard.port = typeof addr === 'object' && addr ? addr.port : 0
  return {
    url: `http://127.0.0.1:${guard.port}/`,
    port: guard.port,
    token: guard.token,
    close: () =>
      new Promise<void>((resolve) => {
        wss.clients.forEach((c) => c.terminate())
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`))
        req.destroy()
      } else parts.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')))
    req.on('error', reject)
  })
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(s)
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(body)
}
