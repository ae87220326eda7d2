import type { Backend } from '../backend/backend'
import { IPC } from '../shared/ipc'
import type { MainElectron, ShellWindow } from './electron-port'
import { registerIpcHandlers } from './ipc-handlers'
import { checkNativeModule, type NativeProblem } from './native-check'
import { createMainWindow, hardenSession, type RendererLocation } from './window'

export interface ShellOptions extends RendererLocation {
  argv: readonly string[]
  /** Opens the backend with the project named on the command line, or the sample project. */
  launch(projectPath: string | undefined): Promise<Backend>
  checkNative?: () => NativeProblem | null
}

export interface RunningShell {
  backend: Backend
  window: ShellWindow
}

/**
 * The Electron shell: harden the session, open the backend, register the IPC
 * handlers, show the window. It holds no logic of its own beyond that; a start-up
 * failure (the native module built for the wrong ABI, a project that cannot be
 * opened) ends in a dialog that says what to do, not a crash.
 */
export async function startShell(electron: MainElectron, opts: ShellOptions): Promise<RunningShell | null> {
  const { app, dialog } = electron
  let backend: Backend | null = null
  app.on('window-all-closed', () => {
    backend?.close()
    app.quit()
  })
  await app.whenReady()
  const fail = (p: NativeProblem): null => {
    dialog.showErrorBox(p.title, p.message)
    app.exit(1)
    return null
  }
  const problem = (opts.checkNative ?? checkNativeModule)()
  if (problem) return fail(problem)
  hardenSession(electron)
  try {
    backend = await opts.launch(opts.argv.find((a) => a.endsWith('.pricelab')))
  } catch (e) {
    return fail({ title: 'PriceLab could not open the project', message: (e as Error).message })
  }
  const b = backend
  let win: ShellWindow | null = null
  b.onEvent((e) => win?.webContents.send(IPC.event, e))
  registerIpcHandlers(electron, { backend: b, window: () => win, where: opts })
  win = createMainWindow(electron, opts)
  return { backend: b, window: win }
}
