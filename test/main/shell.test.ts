import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { IPC } from '../../src/shared/ipc'
import { FakeBrowserWindow } from './fake-electron'
import { shellPerTest } from './shell-fixture'

const started = shellPerTest()

describe('Electron main window (real src/main on a fake Electron)', () => {
  it('keeps the renderer isolated, sandboxed and without Node', async () => {
    const { win, dir } = await started()
    const prefs = win.options.webPreferences ?? {}
    // Each one spelled out: removing any line of the window's webPreferences fails here.
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.disableBlinkFeatures).toBe('Auxclick') // middle-click cannot open links
    expect(prefs.preload).toBe(join(dir, 'out', 'preload', 'index.js'))
    // Nothing that loosens them.
    for (const risky of [
      'nodeIntegrationInSubFrames',
      'enableBlinkFeatures',
      'experimentalFeatures'
    ] as const)
      expect(prefs[risky]).toBeFalsy()
  })

  it('shows the built page from file://, only once it is ready', async () => {
    const { win, rendererFile } = await started()
    expect(win.loaded).toBe(rendererFile)
    expect(win.shown).toBe(false)
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
  })

  it('denies every new window', async () => {
    const { win } = await started()
    const handler = win.webContents.windowOpenHandler
    expect(handler).not.toBeNull()
    for (const url of ['https://evil.example/', 'file:///etc/passwd', win.webContents.mainFrame.url])
      expect(handler!({ url })).toEqual({ action: 'deny' })
  })

  it('blocks navigation away from our page, and webviews', async () => {
    const { win, rendererFile } = await started()
    const wc = win.webContents
    expect(wc.navigate('https://evil.example/')).toBe(true)
    expect(wc.navigate('file:///etc/passwd')).toBe(true)
    expect(wc.navigate('http://localhost:5173/')).toBe(true)
    expect(wc.mainFrame.url).toBe(pathToFileURL(rendererFile).href)
    // Moving within our own page (the router's hash) is fine.
    expect(wc.navigate(`${pathToFileURL(rendererFile).href}#/data`)).toBe(false)
    expect(wc.attachWebview()).toBe(true)
  })

  it('in development, loads and allows only the local dev server', async () => {
    const { win } = await started({ devServer: 'http://localhost:5173' })
    expect(win.loaded).toBe('http://localhost:5173')
    expect(win.webContents.navigate('http://localhost:5173/#/pricing')).toBe(false)
    expect(win.webContents.navigate('http://localhost:5174/')).toBe(true)
  })

  it('adds the Content-Security-Policy to every response and grants no permission', async () => {
    const { fake } = await started()
    expect(fake.headersListener).not.toBeNull()
    let headers: Record<string, string[] | string> = {}
    fake.headersListener!(
      { responseHeaders: { 'X-Other': ['kept'] } },
      (r) => (headers = r.responseHeaders ?? {})
    )
    const csp = String(headers['Content-Security-Policy'])
    expect(headers['X-Other']).toEqual(['kept'])
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).toMatch(/object-src 'none'/)
    expect(csp).not.toMatch(/unsafe-eval/)
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      let granted: boolean | null = null
      fake.permissionHandler!(null, permission, (g) => (granted = g))
      expect(granted).toBe(false)
    }
  })

  it('the page it loads carries the same CSP as a meta tag (file:// responses have no headers)', async () => {
    const { rendererFile } = await started()
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
      readFileSync(rendererFile, 'utf8')
    )
    expect(meta).not.toBeNull()
    expect(meta![1]).toMatch(/default-src 'self'/)
    expect(meta![1]).toMatch(/script-src 'self';/)
    expect(meta![1]).not.toMatch(/unsafe-eval/)
  })

  it('forwards backend progress to the page, payload only', async () => {
    const { shell, bridge } = await started()
    const got: unknown[][] = []
    const off = bridge.onEvent((...args: unknown[]) => got.push(args))
    await shell!.backend.call('data:generate', { jobId: 'g1', seed: 3, scale: 0.02 })
    off()
    expect(got.length).toBeGreaterThan(0)
    for (const args of got) {
      expect(args).toHaveLength(1)
      expect(args[0]).toMatchObject({ type: 'progress', jobId: 'g1' })
    }
    const sent = FakeBrowserWindow.all[0].webContents.sent
    expect(new Set(sent.map((s) => s.channel))).toEqual(new Set([IPC.event]))
  })

  it('closes the project and quits when the window closes', async () => {
    const { fake, shell } = await started()
    fake.appListeners.get('window-all-closed')!.forEach((l) => l())
    expect(fake.quits).toBe(1)
    expect(() => shell!.backend.project).toThrow(/no project is open/)
  })
})

describe('Electron start-up failures end in a dialog, not a crash', () => {
  it('a database module built for another ABI: message, exit 1, no window', async () => {
    const { fake, shell } = await started({
      checkNative: () => ({ title: 'PriceLab cannot open its database module', message: 'rebuild it' })
    })
    expect(shell).toBeNull()
    expect(fake.errorBoxes).toEqual([
      { title: 'PriceLab cannot open its database module', content: 'rebuild it' }
    ])
    expect(fake.exitCodes).toEqual([1])
    expect(FakeBrowserWindow.all).toHaveLength(0)
    expect(fake.handlers.size).toBe(0)
  })

  it('a project that cannot be opened: its message, exit 1', async () => {
    const { fake, shell, dir } = await started({
      launch: async () => {
        throw new Error('no project file at /nowhere/x.pricelab')
      }
    })
    expect(shell).toBeNull()
    expect(fake.errorBoxes[0].content).toMatch(/no project file at/)
    expect(fake.exitCodes).toEqual([1])
    expect(existsSync(join(dir, 'p.pricelab'))).toBe(false)
  })
})
