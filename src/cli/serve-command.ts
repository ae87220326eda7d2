import { join } from 'node:path'
import { UsageError, numberFlag, parse } from './args'
import type { Command, Io } from './io'
import { VERSION } from '../backend/launch'
import { pricelabHome } from '../backend/paths'
import { openApiDocument } from '../shared/serve/openapi'
import { openReadOnly } from '../backend/serve/served-project'
import { DEFAULT_MAX_BODY, DEFAULT_RATE_LIMIT, startApi, type ApiServer } from '../server/api/http'
import { readOrCreateToken } from '../server/api/token'

export const DEFAULT_SERVE_PORT = 8080
/** How often --watch looks for a new run (one cheap query of the run tables). */
const WATCH_MS = 1000

const USAGE =
  'pricelab serve --project FILE [--port N] [--host 127.0.0.1] [--token-file F] [--watch] [--rate-limit N] [--print-openapi]'

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

function portFlag(value: unknown): number {
  const port = numberFlag('serve', value, '--port', DEFAULT_SERVE_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`serve: --port must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`)
  return port
}

/**
 * Starts the API and prints `listening on http://HOST:PORT` (one line, the only one on stdout)
 * once it answers; runs until `stop` fires. Exported for tests, which stop it themselves.
 */
export async function serve(
  argv: string[],
  io: Io,
  stop: Promise<void>,
  started?: (s: ApiServer) => void
): Promise<number> {
  const { values } = parse('serve', argv, {
    project: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'token-file': { type: 'string' },
    watch: { type: 'boolean' },
    'rate-limit': { type: 'string' },
    'print-openapi': { type: 'boolean' }
  })
  if (values['print-openapi']) {
    io.out(JSON.stringify(openApiDocument(VERSION), null, 2) + '\n')
    return 0
  }
  if (!values.project) throw new UsageError('serve: --project is required')
  const host = values.host ?? '127.0.0.1'
  if (!isLoopback(host) && !values['token-file'])
    throw new UsageError(
      `serve: --host ${host} is reachable from other machines: give a --token-file too (the clients' bearer token)`
    )
  const port = portFlag(values.port)
  const rateLimit = numberFlag('serve', values['rate-limit'], '--rate-limit', DEFAULT_RATE_LIMIT)
  if (!(rateLimit >= 0))
    throw new UsageError('serve: --rate-limit must be 0 (no limit) or more requests per second')
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  // The project first: a refused project leaves no token file behind.
  const db = openReadOnly(values.project)
  const tokenFile = values['token-file'] ?? join(pricelabHome(), 'serve.token')
  let token: string
  let created: boolean
  try {
    ;({ token, created } = readOrCreateToken(tokenFile))
  } catch (e) {
    db.close()
    throw e
  }
  let server: ApiServer
  try {
    server = await startApi(db, {
      host,
      port,
      token,
      version: VERSION,
      project: values.project,
      watchMs: values.watch ? WATCH_MS : null,
      rateLimit,
      maxBody: DEFAULT_MAX_BODY
    })
  } catch (e) {
    db.close()
    throw e
  }
  io.err(
    `${created ? `new token written to ${tokenFile}` : `token read from ${tokenFile}`}; project loaded in ${Math.round(performance.now() - t0)} ms (${cpuMs(cpu0)} ms CPU)${values.watch ? '; watching for new runs' : ''}\n`
  )
  io.out(`listening on ${server.url}\n`)
  started?.(server)
  await stop
  await server.close()
  db.close()
  return 0
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since)
  return Math.round((c.user + c.system) / 1000)
}

/** Resolves on the first SIGINT or SIGTERM. */
function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}

export const SERVE_COMMAND: Record<string, Command> = {
  serve: {
    summary:
      "Serve a project's saved runs over a local, read-only HTTP API: prices, demand forecasts, propensity scores (OpenAPI at /openapi.json)",
    usage: USAGE,
    run: (argv, io) => serve(argv, io, signalled())
  }
}
