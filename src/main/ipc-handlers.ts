import { writeFile } from 'node:fs/promises'
import { z } from 'zod'
import type { Backend } from '../backend/backend'
import { safeFileName } from '../backend/exports'
import { assertNotOpenProject } from '../backend/output-target'
import { publishFile } from '../backend/safe-output'
import { toErrorBody } from '../backend/error-body'
import { DomainError } from '../shared/domain-error'
import { IPC } from '../shared/ipc'
import type { Envelope } from '../shared/api'
import type { InvokeEvent, MainElectron, ShellWindow } from './electron-port'
import type { RendererLocation } from './window'
import { isTrustedUrl } from './trusted-url'

const fileArgs = z.tuple([z.string().min(1).max(100), z.string().min(1).max(255)])

/** Each channel's arguments, checked before anything runs (the invoke payload is then checked again by dispatch). */
export const IPC_INPUTS = {
  [IPC.invoke]: z.tuple([z.strictObject({ name: z.string().min(1).max(100), args: z.unknown() })]),
  [IPC.saveFile]: fileArgs,
  [IPC.pickProject]: z.tuple([z.enum(['open', 'create', 'saveAs'])]),
  [IPC.printPdf]: fileArgs
} as const

export interface IpcContext {
  backend: Backend
  window(): ShellWindow | null
  where: RendererLocation
}

/** A call refused before it runs (untrusted sender, bad arguments): the user-facing invalid_input. */
export class RefusedError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'RefusedError'
  }
}

/**
 * VS Code's validatedIpcMain idea: only our own window's main frame, showing our own
 * page, may call; a sub-frame, another window or a page navigated elsewhere is refused.
 */
export function fromOurWindow(e: InvokeEvent, ctx: IpcContext): boolean {
  const win = ctx.window()
  return (
    !!win &&
    e.sender === win.webContents &&
    !!e.senderFrame &&
    e.senderFrame.parent === null &&
    isTrustedUrl(e.senderFrame.url, ctx.where.rendererFile, ctx.where.devServer)
  )
}

/** Registers the four channels of `IPC` that the renderer invokes; `IPC.event` flows the other way. */
export function registerIpcHandlers(electron: MainElectron, ctx: IpcContext): void {
  const { ipcMain, dialog, BrowserWindow } = electron

  function handle<C extends keyof typeof IPC_INPUTS>(
    channel: C,
    run: (args: z.output<(typeof IPC_INPUTS)[C]>) => Promise<unknown>,
    refuse: (message: string) => unknown
  ): void {
    ipcMain.handle(channel, async (e, ...raw) => {
      if (!fromOurWindow(e, ctx)) return refuse('untrusted sender: PriceLab answers its own window only')
      const parsed = IPC_INPUTS[channel].safeParse(raw)
      if (!parsed.success)
        return refuse(`bad arguments for ${channel}: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
      return run(parsed.data as z.output<(typeof IPC_INPUTS)[C]>)
    })
  }
  const throwRefusal = (message: string): never => {
    throw new RefusedError(message)
  }
  const projectPath = (): string | null => {
    try {
      return ctx.backend.project.path
    } catch {
      return null // no project open
    }
  }

  /** A save dialog for a produced file; the chosen path passes the same check as the CLI's --out. */
  async function chooseTarget(suggested: string, filter: { name: string; extensions: string[] }) {
    // The renderer suggests a file name only, never a folder.
    const defaultPath = safeFileName(suggested.split(/[/\\]/).pop() ?? '')
    const r = await dialog.showSaveDialog({ defaultPath, filters: [filter] })
    if (r.canceled || !r.filePath) return null
    assertNotOpenProject(r.filePath, projectPath())
    return r.filePath
  }

  handle(
    IPC.invoke,
    ([msg]) => ctx.backend.dispatch(msg.name, msg.args),
    (message): Envelope<never> => ({ ok: false, error: toErrorBody(new RefusedError(message)) })
  )

  handle(
    IPC.saveFile,
    async ([fileId, name]) => {
      const f = ctx.backend.files.get(fileId)
      const target = await chooseTarget(name, { name: 'CSV', extensions: ['csv'] })
      if (!target) return null
      // The dialog asked before replacing a file (force); the open project and SQLite files stay refused.
      return publishFile(f.path, target, { force: true, protect: [projectPath()].filter((p) => p !== null) })
    },
    throwRefusal
  )

  handle(
    IPC.pickProject,
    async ([kind]) => {
      const filters = [{ name: 'PriceLab project', extensions: ['pricelab'] }]
      if (kind === 'open') {
        const r = await dialog.showOpenDialog({ properties: ['openFile'], filters })
        return r.canceled ? null : (r.filePaths[0] ?? null)
      }
      const r = await dialog.showSaveDialog({ filters })
      if (r.canceled || !r.filePath) return null
      assertNotOpenProject(r.filePath, projectPath())
      return r.filePath
    },
    throwRefusal
  )

  handle(
    IPC.printPdf,
    async ([fileId, name]) => {
      const f = ctx.backend.files.get(fileId)
      const target = await chooseTarget(name, { name: 'PDF', extensions: ['pdf'] })
      if (!target) return null
      // The report is static HTML: rendered in a hidden window with no script and no preload, then printed.
      const printer = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          disableBlinkFeatures: 'Auxclick'
        }
      })
      try {
        await printer.loadFile(f.path)
        const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
        await writeFile(target, pdf)
        return target
      } catch (e) {
        throw new Error(`could not print the report to ${target}: ${(e as Error).message}`)
      } finally {
        printer.destroy()
      }
    },
    throwRefusal
  )
}
