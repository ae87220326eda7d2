import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createReadStream, existsSync, rmSync, statSync } from 'node:fs'
import { join, normalize, extname, sep } from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import { WebSocketServer } from 'ws'
import type { Backend } from '../backend/backend'
import { toErrorBody } from '../backend/error-body'
import { replyText } from '../backend/reply-text'
import { scratchDir } from '../backend/paths'
import { NotFoundError } from '../backend/project'
import {
  DESKTOP_ONLY_CALLS,
  MAX_CALL_BODY,
  formatMb,
  receiveUpload,
  maxUploadBytes,
  readBody,
  safeDecode
} from './limits'
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

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** Browser mode: the renderer's static files and the typed API (POST /api/call, WS /api/events) on 127.0.0.1. */
export async function startServer(
  backend: Backend,
  opts: { port?: number; staticDir: string; token?: string; maxUploadBytes?: number }
): Promise<RunningServer> {
  const uploadLimit = opts.maxUploadBytes ?? maxUploadBytes()
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
      if (req.method === 'GET' && url.pathname.startsWith('/api/download/')) {
        const id = safeDecode(url.pathname.slice(14))
        return id === null ? text(res, 400, 'malformed file id') : download(res, id)
      }
      return text(res, 404, 'no such endpoint')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed')
    return serveStatic(req, res, url.pathname)
  }

  async function apiCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readBody(req, MAX_CALL_BODY)
    if ('tooLarge' in read)
      return json(res, 413, {
        ok: false,
        error: { code: 'invalid_input', message: `the request body is larger than ${MAX_CALL_BODY} bytes` }
      })
    let body: unknown
    try {
      body = JSON.parse(read.text)
    } catch (e) {
      return badRequest(res, `bad request body: ${(e as Error).message}`)
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return badRequest(res, 'bad request body: expected a JSON object {"name", "args"}')
    const { name, args } = body as { name?: unknown; args?: unknown }
    if (typeof name === 'string' && DESKTOP_ONLY_CALLS.has(name))
      return json(res, 403, {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `${name} is not available in browser mode: upload the file instead`
        }
      })
    const text = await replyText(await backend.dispatch(name, args))
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    await sendInPieces(res, text)
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name =
      (url.searchParams.get('name') ?? 'upload.csv').replace(/[/\\]/g, '_').slice(0, 200) || 'upload.csv'
    const path = join(scratchDir('uploads'), `${randomUUID()}.csv`)
    const tooLarge = () =>
      json(res, 413, {
        ok: false,
        error: {
          code: 'invalid_input',
          message: `the file is larger than the upload limit of ${formatMb(uploadLimit)} MB (set PRICELAB_MAX_UPLOAD_MB, or use the desktop app, to import it)`
        }
      })
    let got: 'ok' | 'tooLarge'
    try {
      got = await receiveUpload(req, path, uploadLimit)
    } catch (e) {
      rmSync(path, { force: true })
      throw e
    }
    if (got === 'tooLarge') return tooLarge()
    // Owned: deleted once imported, or when the app closes.
    json(res, 200, { ok: true, value: backend.files.stageOwned(path, name) })
  }

  function download(res: ServerResponse, fileId: string): void {
    let f
    let size: number
    try {
      f = backend.files.get(fileId)
      const st = statSync(f.path)
      if (!st.isFile()) throw new NotFoundError(`${f.name} is no longer a file`)
      size = st.size
    } catch (e) {
      return json(res, 404, { ok: false, error: toErrorBody(e instanceof NotFoundError ? e : gone()) })
    }
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${f.name.replace(/[^\w.-]/g, '_')}"`
    })
    sendFile(f.path, res)
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const decoded = safeDecode(pathname)
    if (decoded === null) return text(res, 400, 'malformed URL')
    const rel = normalize(decoded).replace(/^([/\\])+/, '')
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
    else sendFile(file, res)
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

/** Streams a file; a read error (the file vanished, became a folder) ends this response, never the server. */
function sendFile(path: string, res: ServerResponse): void {
  const stream = createReadStream(path)
  // A failed read ends this response (the client sees a cut connection), never the server.
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}

function gone(): NotFoundError {
  return new NotFoundError('the file is no longer there: export or upload it again')
}

function badRequest(res: ServerResponse, message: string): void {
  json(res, 400, { ok: false, error: { code: 'invalid_input', message } })
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(s)
}

/** Text written per turn of the event loop: encoding and writing a 0.7 MB answer at once is several ms. */
const PIECE = 128 * 1024

/** Writes a long answer a piece per turn (a short one at once), so the server keeps answering meanwhile. */
async function sendInPieces(res: ServerResponse, text: string): Promise<void> {
  let at = 0
  for (; text.length - at > PIECE; at += PIECE) {
    if (res.destroyed) return // the client went away: nothing more to send
    res.write(text.slice(at, at + PIECE))
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  res.end(text.slice(at))
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(body)
}
