import type { ApiArgs, ApiName, ApiResult, Envelope } from '../../../shared/api'
import { ApiError } from '../../../shared/api/envelope'
import type { DesktopBridge } from '../../../shared/ipc'

/**
 * How a contract call travels, on each transport. DOM-free (only `fetch`), so the
 * same code the renderer runs is what the transport contract test runs in Node.
 */
export interface Calls {
  call<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>>
}

export function unwrap<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new ApiError(env.error)
  return env.value as T
}

/** Electron: through the preload's bridge (IPC to main). */
export function ipcCalls(bridge: DesktopBridge): Calls {
  return {
    call: async (name, args) => unwrap(await (bridge.invoke(name, args) as Promise<Envelope<unknown>>))
  }
}

/** Browser mode: POST /api/call with the launch token; a non-JSON failure becomes an error envelope. */
export function httpInvoke(base: string, token: string) {
  return async (name: ApiName, args: unknown): Promise<Envelope<unknown>> => {
    const res = await fetch(`${base}/api/call`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, args })
    })
    if (!res.ok && res.headers.get('content-type')?.includes('json') !== true)
      return httpFailure(res.status, await res.text())
    return (await res.json()) as Envelope<unknown>
  }
}

export function httpCalls(base: string, token: string): Calls {
  const invoke = httpInvoke(base, token)
  return { call: async (name, args) => unwrap(await invoke(name, args)) }
}

export function httpFailure(status: number, text: string): Envelope<never> {
  return {
    ok: false,
    error: {
      code: status === 401 || status === 403 ? 'invalid_input' : 'internal',
      message: `${status}: ${text || 'request failed'}`
    }
  }
}
