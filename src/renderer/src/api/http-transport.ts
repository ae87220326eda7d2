import type { ApiEvent, Envelope, StagedFile, Transport } from '../../../shared/api'
import { httpFailure as failure, httpInvoke } from './call-transport'

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

  const invoke = httpInvoke('', token)

  return {
    mode: 'browser',
    invoke,
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
