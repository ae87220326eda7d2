import type { ApiArgs, ApiEvent, ApiName, ApiResult, Envelope, StagedFile } from '../../../shared/api'
import { ipcCalls, unwrap } from './call-transport'
import type { DesktopBridge } from '../../../shared/ipc'
import { createHttpTransport, type HttpTransport } from './http-transport'

/**
 * The renderer's single client object. It cannot tell (and does not care) whether
 * calls travel over Electron IPC or browser-mode HTTP: both speak the contract.
 */
export interface PriceLabClient {
  readonly mode: 'electron' | 'browser'
  call<K extends ApiName>(name: K, args: ApiArgs<K>): Promise<ApiResult<K>>
  onEvent(listener: (e: ApiEvent) => void): () => void
  /** Hands a picked or dropped file to the backend. */
  stageFile(file: File): Promise<StagedFile>
  /** Saves a backend-produced file (an export) where the user chooses. */
  saveFile(fileId: string, name: string): Promise<void>
  /** Desktop: prints a staged report to PDF (Electron printToPDF). Browser mode prints from the page instead. */
  printPdf(fileId: string, name: string): Promise<string | null>
  /** A path for a project file: a native dialog on the desktop, null in the browser (the page asks instead). */
  pickProject(kind: 'open' | 'create' | 'saveAs'): Promise<string | null>
}

declare global {
  interface Window {
    pricelab?: DesktopBridge
  }
}

function desktopClient(bridge: DesktopBridge): PriceLabClient {
  return {
    mode: 'electron',
    ...ipcCalls(bridge),
    onEvent: (l) => bridge.onEvent((e) => l(e as ApiEvent)),
    stageFile: async (file) =>
      unwrap<StagedFile>(
        await (bridge.invoke('file:stagePath', { path: bridge.pathForFile(file) }) as Promise<
          Envelope<unknown>
        >)
      ),
    saveFile: async (fileId, name) => void (await bridge.saveFile(fileId, name)),
    pickProject: (kind) => bridge.pickProject(kind),
    printPdf: (fileId, name) => bridge.printPdf(fileId, name)
  }
}

function browserClient(t: HttpTransport): PriceLabClient {
  return {
    mode: 'browser',
    call: async (name, args) => unwrap(await t.invoke(name, args)),
    onEvent: (l) => t.onEvent(l),
    stageFile: async (file) => unwrap<StagedFile>(await t.upload(file)),
    saveFile: (fileId, name) => t.download(fileId, name),
    pickProject: async () => null,
    printPdf: async () => null
  }
}

export function createClient(): PriceLabClient {
  return window.pricelab ? desktopClient(window.pricelab) : browserClient(createHttpTransport())
}
