import { pathToFileURL } from 'node:url'
import type {
  BrowserWindowConstructorOptions,
  OpenDialogOptions,
  OpenDialogReturnValue,
  PrintToPDFOptions,
  SaveDialogOptions,
  SaveDialogReturnValue
} from 'electron'
import type { InvokeEvent, MainElectron, ShellWebContents, ShellWindow } from '../../src/main/electron-port'
import type { PreloadElectron } from '../../src/preload/bridge'
import type { DesktopBridge } from '../../src/shared/ipc'

/**
 * A test double of the Electron APIs the shell and the preload use, with Electron's
 * observable behaviour where it matters for security and for the contract: one handler
 * per channel, arguments and results structured-cloned across the process boundary,
 * a handler's error surfacing in the renderer as "Error invoking remote method …",
 * the sender's webContents and frame on every event.
 */
export interface FakeFrame {
  url: string
  parent: FakeFrame | null
}

type Listener = (...args: never[]) => unknown

export class FakeWebContents implements ShellWebContents {
  readonly mainFrame: FakeFrame = { url: 'about:blank', parent: null }
  windowOpenHandler: ((d: { url: string }) => { action: 'deny' | 'allow' }) | null = null
  readonly listeners = new Map<string, Listener[]>()
  /** Renderer-side listeners (ipcRenderer.on) of the page in this webContents. */
  readonly rendererListeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>()
  readonly sent: { channel: string; args: unknown[] }[] = []
  pdf: () => Promise<Uint8Array> = async () => new TextEncoder().encode('%PDF-1.7 fake\n')
  readonly printed: PrintToPDFOptions[] = []

  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
    const cloned = structuredClone(args)
    for (const l of this.rendererListeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, ...cloned)
  }
  async printToPDF(options: PrintToPDFOptions): Promise<Uint8Array> {
    this.printed.push(options)
    return this.pdf()
  }

  /** Emits a navigation the way Electron does; returns whether the shell prevented it. */
  navigate(url: string): boolean {
    let prevented = false
    const e = { preventDefault: () => void (prevented = true) }
    for (const l of this.listeners.get('will-navigate') ?? []) (l as (e: unknown, u: string) => void)(e, url)
    if (!prevented) this.mainFrame.url = url
    return prevented
  }
  /** Emits `will-attach-webview`; returns whether the shell prevented it. */
  attachWebview(): boolean {
    let prevented = false
    const e = { preventDefault: () => void (prevented = true) }
    for (const l of this.listeners.get('will-attach-webview') ?? []) (l as (e: unknown) => void)(e)
    return prevented
  }
}

export class FakeBrowserWindow implements ShellWindow {
  static all: FakeBrowserWindow[] = []
  /** Lets a test adjust the next windows the shell creates (e.g. make printing fail). */
  static onCreate: ((w: FakeBrowserWindow) => void) | null = null
  readonly webContents = new FakeWebContents()
  readonly options: BrowserWindowConstructorOptions
  shown = false
  destroyed = false
  loaded: string | null = null
  loadError: Error | null = null
  private readonly onceListeners = new Map<string, (() => void)[]>()

  constructor(options: BrowserWindowConstructorOptions) {
    this.options = structuredClone(options)
    FakeBrowserWindow.all.push(this)
    FakeBrowserWindow.onCreate?.(this)
  }
  once(event: string, listener: () => void): this {
    this.onceListeners.set(event, [...(this.onceListeners.get(event) ?? []), listener])
    return this
  }
  emit(event: string): void {
    const ls = this.onceListeners.get(event) ?? []
    this.onceListeners.delete(event)
    ls.forEach((l) => l())
  }
  show(): void {
    this.shown = true
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = url
    this.webContents.mainFrame.url = url
  }
  async loadFile(path: string): Promise<void> {
    if (this.loadError) throw this.loadError
    this.loaded = path
    this.webContents.mainFrame.url = pathToFileURL(path).href
  }
  destroy(): void {
    this.destroyed = true
  }
}

type InvokeHandler = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>

export interface FakeElectron extends MainElectron {
  handlers: Map<string, InvokeHandler>
  saveDialogs: SaveDialogOptions[]
  openDialogs: OpenDialogOptions[]
  /** What the next dialogs answer, in order (cancelled when the queue is empty). */
  dialogAnswers: (SaveDialogReturnValue | OpenDialogReturnValue)[]
  errorBoxes: { title: string; content: string }[]
  exitCodes: number[]
  quits: number
  headersListener:
    | ((
        details: { responseHeaders?: Record<string, string[]> },
        cb: (r: { responseHeaders?: Record<string, string[] | string> }) => void
      ) => void)
    | null
  permissionHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null
  appListeners: Map<string, (() => void)[]>
}

export function fakeElectron(): FakeElectron {
  FakeBrowserWindow.all = []
  FakeBrowserWindow.onCreate = null
  const fake: FakeElectron = {
    handlers: new Map(),
    saveDialogs: [],
    openDialogs: [],
    dialogAnswers: [],
    errorBoxes: [],
    exitCodes: [],
    quits: 0,
    headersListener: null,
    permissionHandler: null,
    appListeners: new Map(),
    app: {
      whenReady: async () => undefined,
      on: (event: string, listener: () => void) =>
        fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]),
      quit: () => void fake.quits++,
      exit: (code = 0) => void fake.exitCodes.push(code)
    },
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showSaveDialog: async (o) => {
        fake.saveDialogs.push(o)
        return (fake.dialogAnswers.shift() as SaveDialogReturnValue) ?? { canceled: true, filePath: '' }
      },
      showOpenDialog: async (o) => {
        fake.openDialogs.push(o)
        return (fake.dialogAnswers.shift() as OpenDialogReturnValue) ?? { canceled: true, filePaths: [] }
      },
      showErrorBox: (title, content) => void fake.errorBoxes.push({ title, content })
    },
    ipcMain: {
      handle: (channel, listener) => {
        // Electron refuses a second handler on one channel.
        if (fake.handlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`)
        fake.handlers.set(channel, listener)
      }
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (l) => void (fake.headersListener = l) },
        setPermissionRequestHandler: (h) => void (fake.permissionHandler = h)
      }
    }
  }
  return fake
}

/**
 * The renderer side of one page: what its preload sees of Electron. Calls go to the
 * main-side handlers with this page's webContents and frame as the sender.
 */
export function fakeRenderer(
  fake: FakeElectron,
  webContents: FakeWebContents,
  frame: FakeFrame = webContents.mainFrame
): PreloadElectron & { world: Record<string, DesktopBridge> } {
  const world: Record<string, DesktopBridge> = {}
  return {
    world,
    contextBridge: {
      exposeInMainWorld: (key, api) => {
        if (key in world) throw new Error(`Cannot bind an API on top of an existing property: ${key}`)
        world[key] = api
      }
    },
    ipcRenderer: {
      invoke: async (channel, ...args) => {
        const h = fake.handlers.get(channel)
        if (!h)
          throw new Error(
            `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`
          )
        let result: unknown
        try {
          result = await h({ sender: webContents, senderFrame: frame }, ...structuredClone(args))
        } catch (e) {
          throw new Error(`Error invoking remote method '${channel}': ${String(e)}`)
        }
        return structuredClone(result)
      },
      on: (channel, listener) => {
        webContents.rendererListeners.set(channel, [
          ...(webContents.rendererListeners.get(channel) ?? []),
          listener
        ])
      },
      removeListener: (channel, listener) => {
        const ls = webContents.rendererListeners.get(channel) ?? []
        webContents.rendererListeners.set(
          channel,
          ls.filter((l) => l !== listener)
        )
      }
    },
    webUtils: { getPathForFile: (file: never) => (file as { path: string }).path }
  }
}
