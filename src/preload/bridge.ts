import { IPC, type DesktopBridge } from '../shared/ipc'

/** The part of Electron's renderer-side API the preload uses (the real module fits; tests pass a fake). */
export interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: DesktopBridge): void }
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  }
  webUtils: { getPathForFile(file: never): string }
}

/** The renderer gets exactly this object: fixed channels, no ipcRenderer, no Node, no event objects. */
export function createBridge({ ipcRenderer, webUtils }: PreloadElectron): DesktopBridge {
  return {
    mode: 'electron',
    invoke: (name, args) => ipcRenderer.invoke(IPC.invoke, { name, args }),
    onEvent: (listener) => {
      // Only the payload crosses: Electron's event object carries `sender`, i.e. ipcRenderer itself.
      const h = (_e: unknown, payload: unknown) => listener(payload)
      ipcRenderer.on(IPC.event, h)
      return () => ipcRenderer.removeListener(IPC.event, h)
    },
    pathForFile: (file) => webUtils.getPathForFile(file as never),
    saveFile: (fileId, name) => ipcRenderer.invoke(IPC.saveFile, fileId, name) as Promise<string | null>,
    pickProject: (kind) => ipcRenderer.invoke(IPC.pickProject, kind) as Promise<string | null>,
    printPdf: (fileId, name) => ipcRenderer.invoke(IPC.printPdf, fileId, name) as Promise<string | null>
  }
}

export function exposeBridge(electron: PreloadElectron): void {
  electron.contextBridge.exposeInMainWorld('pricelab', createBridge(electron))
}
