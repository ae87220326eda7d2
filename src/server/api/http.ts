/**
 * `pricelab serve`'s HTTP server: node:http, JSON in and out, a bearer token on every path but
 * /openapi.json, a request-size and a per-client rate limit, and the routes of the contract.
 * It answers from what it loaded; a new run is loaded only by --watch or POST /v1/reload.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { z } from 'zod'
import { SERVE_API_VERSION, ITEM_PRICE_NUMBER_PARAMS, type Health } from '../../shared/serve/contract'
import { ROUTES, type RouteName } from '../../shared/serve/routes'
import { openApiDocument } from '../../shared/serve/openapi'
import { readBody } from '../limits'
import { bearer } from '../security'
import { timingSafeEqual } from 'node:crypto'
import { HttpError, jsonError, toHttpError, validationError } from './errors'
import type { Served, ServedProject } from '../../backend/serve/served-project'
import { serveHandlers } from '../../backend/serve/handlers'
import { RateLimiter } from './rate-limit'

export interface ApiOptions {
  host: string
  port: number
  token: string
  version: string
  project: string
  /** Poll the project for new runs every this many ms (--watch); null: only POST /v1/reload reloads. */
  watchMs: number | null
  /** Requests per second per client address (0: no limit). */
  rateLimit: number
  /** Largest request body in bytes. */
  maxBody: number
}

export const DEFAULT_RATE_LIMIT = 20_000
export const DEFAULT_MAX_BODY = 1 << 20

export interface ApiServer {
  url: string
  port: number
  /** Loads the newest runs when the project has any; true when something new was loaded. */
  reload(): Promise<boolean>
  /** Resolves after each load triggered by --watch (for tests and logs). */
  onReload(fn: (health: Health) => void): void
  close(): Promise<void>
}

/** Parsed request: the route, its path parameter, query and body. */
interface Call {
  name: RouteName
  id: string | null
  query: URLSearchParams
  body: unknown
}

const ITEM_PRICE = /^\/v1\/items\/([^/]+)\/price$/
const PROPENSITY = /^\/v1\/(customers|learners)\/([^/]+)\/propensity$/

/** Which route a path is, whatever the method; null: no such path. */
function matchPath(path: string): { names: RouteName[]; id: string | null } | null {
  if (path === '/v1/health') return { names: ['health'], id: null }
  if (path === '/v1/price-sheet') return { names: ['priceSheet'], id: null }
  if (path === '/v1/demand') return { names: ['demand'], id: null }
  if (path === '/v1/reload') return { names: ['reload'], id: null }
  const item = ITEM_PRICE.exec(path)
  if (item) return { names: ['itemPrice', 'itemPriceOptimize'], id: item[1] }
  const p = PROPENSITY.exec(path)
  if (p) return { names: [p[1] === 'customers' ? 'customerPropensity' : 'learnerPropensity'], id: p[2] }
  return null
}

function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new HttpError(400, 'invalid_input', `the id "${raw}" is not a valid URL component`, [
      { file: 'path', line: null, column: null, column_name: 'id', message: 'malformed %-escape' }
    ])
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: 'request body' | 'query'): T {
  const r = schema.safeParse(value)
  if (!r.success) throw validationError(where, r.error)
  return r.data
}

/** Query text as the schema's types: the item-price numbers as numbers, true/false as booleans. */
function queryObject(q: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of q) {
    if ((ITEM_PRICE_NUMBER_PARAMS as readonly string[]).includes(k))
      out[k] = v.trim() === '' ? NaN : Number(v)
    else if (k === 'stay_in_observed') out[k] = v === 'true' ? true : v === 'false' ? false : v
    else out[k] = v
  }
  return out
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers
  })
  res.end(body)
}

function tokenMatches(presented: string | undefined, token: Buffer): boolean {
  if (!presented) return false
  const a = Buffer.from(presented)
  return a.length === token.length && timingSafeEqual(a, token)
}

export async function startApi(project: ServedProject, o: ApiOptions): Promise<ApiServer> {
  let served: Served = await project.load()
  const token = Buffer.from(o.token)
  const limiter = new RateLimiter(o.rateLimit)
  const openapi = JSON.stringify(openApiDocument(o.version))
  const listeners: ((h: Health) => void)[] = []
  /** The price sheet's JSON, made once per load (it is the largest answer). */
  let sheetJson: { of: Served; text: string } | null = null

  const health = (): Health => ({
    status: 'ok',
    api_version: SERVE_API_VERSION,
    version: o.version,
    project: o.project,
    loaded_at: served.loadedAt,
    reload: o.watchMs === null ? 'on_request' : 'watch',
    ...served.health
  })

  // One load at a time; the old runs are served until the new ones are ready.
  let loading: Promise<boolean> | null = null
  const loadIfNew = async (): Promise<boolean> => {
    if (project.stamp() === served.stamp) return false
    served = await project.load()
    const h = health()
    for (const fn of listeners) fn(h)
    return true
  }
  // `.finally` runs after the assignment, so a load that ends at once still clears `loading`.
  const reload = (): Promise<boolean> =>
    (loading ??= loadIfNew().finally(() => {
      loading = null
    }))

  async function answer(c: Call): Promise<unknown> {
    switch (c.name) {
      case 'health':
        return health()
      case 'priceSheet':
        return serveHandlers.priceSheet(served, null, undefined)
      case 'itemPrice':
        return serveHandlers.itemPrice(
          served,
          c.id as string,
          parse(ROUTES.itemPrice.query, queryObject(c.query), 'query')
        )
      case 'itemPriceOptimize':
        return serveHandlers.itemPriceOptimize(
          served,
          c.id as string,
          parse(ROUTES.itemPriceOptimize.body, c.body, 'request body')
        )
      case 'demand':
        return serveHandlers.demand(served, null, parse(ROUTES.demand.body, c.body, 'request body'))
      case 'customerPropensity':
        return serveHandlers.customerPropensity(
          served,
          c.id as string,
          parse(ROUTES.customerPropensity.query, Object.fromEntries(c.query), 'query')
        )
      case 'learnerPropensity':
        return serveHandlers.learnerPropensity(served, c.id as string, undefined)
      case 'reload': {
        try {
          const reloaded = await reload()
          return { reloaded, health: health() }
        } catch (e) {
          throw new HttpError(
            503,
            'unavailable',
            `the project could not be loaded again (the runs loaded before are still served): ${toHttpError(e).message}`
          )
        }
      }
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    const method = req.method ?? 'GET'
    const ip = req.socket.remoteAddress ?? ''
    const wait = limiter.take(ip)
    if (wait > 0)
      throw new HttpError(
        429,
        'rate_limited',
        `too many requests: at most ${o.rateLimit} per second per client; retry after ${Math.ceil(wait)} s`,
        [],
        { 'Retry-After': String(Math.ceil(wait)) }
      )
    if (url.pathname === '/openapi.json' && method === 'GET') return send(res, 200, openapi)
    if (!tokenMatches(bearer(req), token))
      throw new HttpError(
        401,
        'unauthorized',
        'missing or wrong bearer token: send "Authorization: Bearer <token>" with the token from the --token-file',
        [],
        { 'WWW-Authenticate': 'Bearer' }
      )
    const m = matchPath(url.pathname)
    if (!m)
      throw new HttpError(
        404,
        'not_found',
        `no path ${url.pathname} in API ${SERVE_API_VERSION}: see /openapi.json`
      )
    const name = m.names.find((n) => ROUTES[n].method === method)
    if (!name)
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`, [], {
        Allow: m.names.map((n) => ROUTES[n].method).join(', ')
      })
    let body: unknown = undefined
    if (method === 'POST') {
      const declared = Number(req.headers['content-length'] ?? 0)
      const got = declared > o.maxBody ? { tooLarge: true as const } : await readBody(req, o.maxBody)
      if ('tooLarge' in got)
        throw new HttpError(413, 'too_large', `the request body is larger than ${o.maxBody} bytes`, [], {
          Connection: 'close'
        })
      const text = got.text
      if (name === 'reload' && text.trim() === '') body = {}
      else
        try {
          body = text.trim() === '' && name === 'itemPriceOptimize' ? {} : JSON.parse(text)
        } catch (e) {
          throw jsonError(text, e as Error)
        }
    }
    const result = await answer({
      name,
      id: m.id === null ? null : decodeId(m.id),
      query: url.searchParams,
      body
    })
    if (name === 'priceSheet') {
      if (sheetJson?.of !== served) sheetJson = { of: served, text: JSON.stringify(result) }
      return send(res, 200, sheetJson.text)
    }
    send(res, 200, JSON.stringify(result))
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const h = toHttpError(e)
      if (h.status === 500) process.stderr.write(`pricelab serve: ${(e as Error)?.stack ?? String(e)}\n`)
      if (!res.headersSent) send(res, h.status, JSON.stringify(h.body()), h.headers)
      else res.destroy()
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  let timer: NodeJS.Timeout | null = null
  if (o.watchMs !== null) {
    const watchMs = o.watchMs
    const tick = () => {
      reload()
        .catch((e: unknown) =>
          process.stderr.write(
            `pricelab serve: reload failed, still serving the runs loaded before: ${(e as Error).message}\n`
          )
        )
        .finally(() => {
          if (timer) timer = setTimeout(tick, watchMs)
        })
    }
    timer = setTimeout(tick, watchMs)
  }
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    reload,
    onReload: (fn) => void listeners.push(fn),
    close: async () => {
      if (timer) clearTimeout(timer)
      timer = null
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
