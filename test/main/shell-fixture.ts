import { afterEach } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { startShell, type ShellOptions } from '../../src/main/shell'
import { exposeBridge } from '../../src/preload/bridge'
import { tempDir } from '../helpers'
import { fakeElectron, fakeRenderer, FakeBrowserWindow } from './fake-electron'

/**
 * The real shell (src/main/shell.ts) started on the fake Electron with a real backend
 * and an empty project, and the real preload (src/preload/bridge.ts) run in its window.
 */
export async function startFakeShell(opts: Partial<ShellOptions> = {}) {
  const fake = fakeElectron()
  const dir = tempDir()
  const rendererFile = join(dir, 'out', 'renderer', 'index.html')
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true })
  // The real page's head, so the meta CSP the window loads is the one we ship.
  writeFileSync(rendererFile, readFileSync(join(__dirname, '../../src/renderer/index.html')))
  const projectPath = join(dir, 'p.pricelab')
  const backends: Backend[] = []
  const shell = await startShell(fake, {
    rendererFile,
    preloadFile: join(dir, 'out', 'preload', 'index.js'),
    argv: ['electron', '.', projectPath],
    launch: async (p) => {
      const b = new Backend({ mode: 'electron', version: 'test' })
      backends.push(b)
      await b.ensureProject(p ?? projectPath, { sample: false })
      return b
    },
    ...opts
  })
  const win = FakeBrowserWindow.all[0]
  let bridge = null
  if (win) {
    const renderer = fakeRenderer(fake, win.webContents)
    exposeBridge(renderer)
    bridge = renderer.world.pricelab
  }
  return {
    fake,
    shell,
    win,
    bridge: bridge!,
    dir,
    projectPath,
    rendererFile,
    close: () => backends.forEach((b) => b.close())
  }
}

/** `started()` for a test file: each test's shell is closed after it. */
export function shellPerTest(): (opts?: Partial<ShellOptions>) => ReturnType<typeof startFakeShell> {
  let close: () => void = () => {}
  afterEach(() => close())
  return async (opts = {}) => {
    const s = await startFakeShell(opts)
    close = s.close
    return s
  }
}
