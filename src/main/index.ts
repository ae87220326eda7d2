import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron'
import { writeFile } from 'node:fs/promises'
import { publishFile } from '../backend/safe-output'
import { join } from 'node:path'
import { launchBackend } from '../backend/launch'
import type { Backend } from '../backend/backend'
import { IPC } from '../shared/ipc'
import { CONTENT_SECURITY_POLICY } from '../server/security'
import { isTrustedUrl } from './trusted-url'

const rendererFile = join(__dirname, '../renderer/index.html')
const devServer = process.env.ELECTRON_RENDERER_URL
let backend: Backend
let win: BrowserWindow | null = null

/** VS Code's validatedIpcMain idea: only our own window's main frame, showing our own page, may call. */
function fromOurWindow(e: IpcMainInvokeEvent): boolean {
  return (
    !!win &&
    e.sender === win.webContents &&
    !!e.senderFrame &&
    isTrustedUrl(e.senderFrame.url, rendererFile, devServer)
  )
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'PriceLab',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win?.show())
  // PriceLab opens no other windows and no web pages: every attempt is denied.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url, rendererFile, devServer)) e.preventDefault()
  })
  if (devServer) void win.loadURL(devServer)
  else void win.loadFile(rendererFile)
}

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) =>
    cb({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  )
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  backend = await launchBackend(
    'electron',
    process.argv.find((a) => a.endsWith('.pricelab'))
  )
  backend.onEvent((e) => win?.webContents.send(IPC.event, e))

  ipcMain.handle(IPC.invoke, async (e, msg: { name?: unknown; args?: unknown }) => {
    if (!fromOurWindow(e)) return { ok: false, error: { code: 'invalid_input', message: 'untrusted sender' } }
    return backend.dispatch(msg?.name, msg?.args)
  })
  ipcMain.handle(IPC.saveFile, async (e, fileId: unknown, name: unknown) => {
    if (!fromOurWindow(e) || typeof fileId !== 'string' || typeof name !== 'string') return null
    const f = backend.files.get(fileId)
    const r = await dialog.showSaveDialog({
      defaultPath: name,
      filters: [{ name: 'CSV', extensions: ['csv'] }]
    })
    if (r.canceled || !r.filePath) return null
    // The dialog asked before replacing a file (force); the open project and SQLite files stay refused.
    return publishFile(f.path, r.filePath, { force: true, protect: [backend.project.path] })
  })
  ipcMain.handle(IPC.pickProject, async (e, kind: unknown) => {
    if (!fromOurWindow(e)) return null
    const filters = [{ name: 'PriceLab project', extensions: ['pricelab'] }]
    if (kind === 'open') {
      const r = await dialog.showOpenDialog({ properties: ['openFile'], filters })
      return r.canceled ? null : (r.filePaths[0] ?? null)
    }
    const r = await dialog.showSaveDialog({ filters })
    return r.canceled ? null : (r.filePath ?? null)
  })
  ipcMain.handle(IPC.printPdf, async (e, fileId: unknown, name: unknown) => {
    if (!fromOurWindow(e) || typeof fileId !== 'string' || typeof name !== 'string') return null
    const f = backend.files.get(fileId)
    const r = await dialog.showSaveDialog({
      defaultPath: name,
      filters: [{ name: 'PDF', extensions: ['pdf'] }]
    })
    if (r.canceled || !r.filePath) return null
    // The report is static HTML: rendered in a hidden window with no script and no preload, then printed.
    const printer = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false }
    })
    try {
      await printer.loadFile(f.path)
      const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
      await writeFile(r.filePath, pdf)
      return r.filePath
    } finally {
      printer.destroy()
    }
  })
  createWindow()
})

app.on('window-all-closed', () => {
  backend?.close()
  app.quit()
})
