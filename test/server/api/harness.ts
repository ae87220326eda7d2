import { openReadOnly } from '../../../src/backend/serve/served-project'
import { startApi, type ApiOptions, type ApiServer } from '../../../src/server/api/http'

export const TOKEN = 'test-token-0123456789abcdefghij'

export interface Running {
  api: ApiServer
  /** Calls the API with the token (unless `token` is given: null sends none). */
  call(
    method: string,
    path: string,
    body?: unknown,
    opts?: { token?: string | null; raw?: string }
  ): Promise<{ status: number; body: unknown; headers: Headers }>
  stop(): Promise<void>
}

/** The API over a project on a random loopback port, in this process. */
export async function serveProject(path: string, opts: Partial<ApiOptions> = {}): Promise<Running> {
  const db = openReadOnly(path)
  const api = await startApi(db, {
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    version: 'test',
    project: path,
    watchMs: null,
    rateLimit: 0,
    maxBody: 1 << 20,
    ...opts
  })
  return {
    api,
    async call(method, p, body, o = {}) {
      const token = o.token === undefined ? TOKEN : o.token
      const r = await fetch(api.url + p, {
        method,
        headers: {
          ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
          'Content-Type': 'application/json'
        },
        body: o.raw ?? (body === undefined ? undefined : JSON.stringify(body))
      })
      const text = await r.text()
      return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers }
    },
    async stop() {
      await api.close()
      db.close()
    }
  }
}
