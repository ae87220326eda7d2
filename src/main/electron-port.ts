import type {
  BrowserWindowConstructorOptions,
  MessageBoxOptions,
  OpenDialogOptions,
  OpenDialogReturnValue,
  PrintToPDFOptions,
  SaveDialogOptions,
  SaveDialogReturnValue
} from 'electron'

/**
 * The part of Electron's main-process API the shell uses, and nothing more. The shell
 * takes it as a parameter: `src/main/index.ts` passes the real `electron` module (the
 * compiler checks it fits), the tests pass a small fake, so the real shell code runs
 * under vitest where the Electron binary cannot be installed.
 */
export interface MainElectron {
  app: {
    whenReady(): Promise<unknown>
    on(event: 'window-all-closed', listener: () => void): unknown
    quit(): void
    exit(code?: number): void
  }
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => ShellWindow
  dialog: {
    showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>
    showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>
    showErrorBox(title: string, content: string): void
    showMessageBoxSync?(options: MessageBoxOptions): number
  }
  ipcMain: {
    handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void
  }
  session: {
    defaultSession: {
      webRequest: {
        onHeadersReceived(
          listener: (
            details: { responseHeaders?: Record<string, string[]> },
            callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void
          ) => void
        ): void
      }
      setPermissionRequestHandler(
        handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void
      ): void
    }
  }
}

export interface ShellWindow {
  readonly webContents: ShellWebContents
  once(event: 'ready-to-show', listener: () => void): unknown
  show(): void
  loadURL(url: string): Promise<void>
  loadFile(path: string): Promise<void>
  destroy(): void
}

export interface ShellWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  send(channel: string, ...args: unknown[]): void
  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>
}

/** What an `ipcMain.handle` listener reads of its event: who sent it, from which frame. */
export interface InvokeEvent {
  readonly sender: unknown
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}
