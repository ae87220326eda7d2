import { describe, expect, it, vi } from 'vitest'
import { FakeBrowserWindow, type FakeElectron } from './fake-electron'

// The real entry file, src/main/index.ts, on the fake Electron, as a packaged app.
vi.mock('electron', async () => {
  const { fakeElectron } = await import('./fake-electron')
  const fake = fakeElectron()
  return {
    ...fake,
    app: { ...fake.app, isPackaged: true, getAppPath: () => '/opt/PriceLab/resources/app.asar' }
  }
})
vi.mock('../../src/backend/launch', () => ({
  launchBackend: vi.fn(async () => ({ onEvent: () => () => {}, close: () => {} }))
}))

describe('src/main/index.ts in a packaged app', () => {
  it('ignores the dev-server and native-binding variables someone may have set', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    process.env.PRICELAB_SQLITE_BINDING = '/tmp/evil.node'
    try {
      await import('../../src/main/index')
      const electron = (await import('electron')) as unknown as FakeElectron
      await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1))
      const win = FakeBrowserWindow.all[0]
      expect(win.loaded).toMatch(/renderer[/\\]index\.html$/)
      expect(win.webContents.navigate('http://localhost:5173/')).toBe(true)
      expect(win.options.webPreferences?.preload).toMatch(/preload[/\\]index\.js$/)
      expect(process.env.PRICELAB_SQLITE_BINDING).toBeUndefined()
      expect(electron.errorBoxes).toEqual([])
      expect(electron.handlers.size).toBe(4)
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
  })
})
