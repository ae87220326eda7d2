import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { IPC, type DesktopBridge } from '../shared/ipc'

// The renderer gets exactly this object: fixed channels, no ipcRenderer, no Node.
const bridge: DesktopBridge = {
  mode: 'electron',
  invoke: (name, args) => ipcRenderer.invoke(IPC.invoke, { name, args }),
  onEvent: (listener) => {
    const h = (_e: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(IPC.event, h)
    return () => ipcRenderer.removeListener(IPC.event, h)
  },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
  saveFile: (fileId, name) => ipcRenderer.invoke(IPC.saveFile, fileId, name),
  pickProject: (kind) => ipcRenderer.invoke(IPC.pickProject, kind),
  printPdf: (fileId, name) => ipcRenderer.invoke(IPC.printPdf, fileId, name)
}

contextBridge.exposeInMainWorld('pricelab', bridge)
