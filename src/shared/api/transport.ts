/** What a transport must do: Electron preload (IPC) and the browser-mode client (HTTP + WebSocket) implement it. */
import type { ApiName } from './calls'
import type { ApiEvent, Envelope } from './envelope'

export interface Transport {
  readonly mode: 'electron' | 'browser'
  invoke(name: ApiName, args: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (e: ApiEvent) => void): () => void
}
