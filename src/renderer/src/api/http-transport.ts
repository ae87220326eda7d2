import type { ApiEvent, ApiName, Envelope, StagedFile, Transport } from '../../../shared/api'

export interface HttpTransport extends Transport {
  upload(file: File): Promise<Envelope<StagedFile>>
  download(fileId: string, name: string): Promise<void>
}

/** The launch token arrives in the URL fragment (never sent to a server), then lives in sessionStorage. */
function takeToken(): string {
  const m = /token=([\w-]+)/.exec(window.location.hash)
  if (m) {
    sessionStorage.setItem('pricelab-token', m[1])
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return m[1]
  }
  return sessionStorage.getItem('pricelab-token') ?? ''
}

/** Browser mode: calls as POST /api/call, progress over a WebSocket, uploads streamed as the request body. */
export function createHttpTransport(): HttpTransport {
  const token = takeToken()
  const headers = { Authorization: `Bearer ${token}` }
  const listeners = new Set<(e: ApiEvent) => void>()
  let socket: WebSocket | null = null

  const connect = () => {
    const ws = new WebSocket(`ws://${window.location.host}/api/events`, [`token.${token}`])
    ws.onmessage = (m) => listeners.forEach((l) => l(JSON.parse(String(m.data)) as ApiEvent))
    ws.onclose = () => {
      socket = null
      if (listeners.size) setTimeout(connect, 1000)
    }
    socket = ws
  }

  const failure = (status: number, text: string): Envelope<never> => ({
    ok: false,
    error: {
      code: status === 401 || status === 403 ? 'invalid_input' : 'internal',
      message: `${status}: ${text || 'request failed'}`
    }
  })

  return {
    mode: 'browser',
    async invoke(name: ApiName, args: unknown) {
      const res = await fetch('/api/call', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, args })
      })
      if (!res.ok && res.headers.get('content-type')?.includes('json') !== true)
        return failure(res.status, await res.text())
      return (await res.json()) as Envelope<unknown>
    },
    onEvent(listener) {
      listeners.add(listener)
      if (!socket) connect()
      return () => {
        listeners.delete(listener)
        if (!listeners.size) socket?.close()
      }
    },
    async upload(file) {
      const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers,
        body: file
      })
      if (!res.ok) return failure(res.status, await res.text())
      return (await res.json()) as Envelope<StagedFile>
    },
    async download(fileId, name) {
      const res = await fetch(`/api/download/${encodeURIComponent(fileId)}`, { headers })
      if (!res.ok) throw new Error(`download failed: ${res.status}`)
      const url = URL.createObjectURL(await res.blob())
      const a = document.createElement('a')
      a.href = url
      a.download = name
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    }
  }
}
