import type { MainElectron, ShellWindow } from './electron-port'
import { CONTENT_SECURITY_POLICY } from '../server/security'
import { isTrustedUrl } from './trusted-url'

export interface RendererLocation {
  /** The built renderer's index.html (file://). */
  rendererFile: string
  /** The electron-vite dev server, in development only. */
  devServer?: string
  preloadFile: string
}

export function createMainWindow(electron: MainElectron, where: RendererLocation): ShellWindow {
  // The options stay literal here so Electronegativity's static review can read them.
  // The window may run our page only: isolated, sandboxed, no Node, the web's same-origin rules.
  const win = new electron.BrowserWindow({
    width: 1400,
    height: 900,
    title: 'PriceLab',
    show: false,
    webPreferences: {
      preload: where.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())
  // PriceLab opens no other windows and no web pages: every attempt is denied.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url, where.rendererFile, where.devServer)) e.preventDefault()
  })
  win.webContents.on('will-attach-webview', (e) => e.preventDefault())
  if (where.devServer) void win.loadURL(where.devServer)
  else void win.loadFile(where.rendererFile)
  return win
}

/** Every response gets our CSP (file:// pages also carry it as a meta tag); no permission is ever granted. */
export function hardenSession(electron: MainElectron): void {
  const s = electron.session.defaultSession
  s.webRequest.onHeadersReceived((details, cb) =>
    cb({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  )
  s.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
}
