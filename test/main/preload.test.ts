import { describe, expect, it, vi } from 'vitest'
import { BRIDGE_MEMBERS, IPC } from '../../src/shared/ipc'
import { createBridge, type PreloadElectron } from '../../src/preload/bridge'

/** A recording ipcRenderer: which channels the preload uses, with what. */
function recorder() {
  const calls: { channel: string; args: unknown[] }[] = []
  const listeners = new Map<string, ((e: unknown, ...a: unknown[]) => void)[]>()
  const electron: PreloadElectron & { world: Record<string, unknown> } = {
    world: {},
    contextBridge: { exposeInMainWorld: (k, api) => void (electron.world[k] = api) },
    ipcRenderer: {
      invoke: async (channel, ...args) => {
        calls.push({ channel, args })
        return null
      },
      on: (channel, l) => void listeners.set(channel, [...(listeners.get(channel) ?? []), l]),
      removeListener: (channel, l) =>
        void listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((x) => x !== l)
        )
    },
    webUtils: { getPathForFile: (f: never) => `/picked/${(f as { name: string }).name}` }
  }
  return { electron, calls, listeners }
}

const hoisted = vi.hoisted(() => ({ world: {} as Record<string, unknown>, channels: [] as string[] }))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, api: unknown) => void (hoisted.world[k] = api) },
  ipcRenderer: {
    invoke: async (channel: string) => void hoisted.channels.push(channel),
    on: () => {},
    removeListener: () => {}
  },
  webUtils: { getPathForFile: () => '' }
}))

describe('preload bridge', () => {
  it('the preload entry exposes one object, window.pricelab, with exactly the contract’s members', async () => {
    await import('../../src/preload/index')
    expect(Object.keys(hoisted.world)).toEqual(['pricelab'])
    const bridge = hoisted.world.pricelab as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_MEMBERS].sort())
    expect(bridge.mode).toBe('electron')
    for (const k of BRIDGE_MEMBERS) if (k !== 'mode') expect(typeof bridge[k], k).toBe('function')
  })

  it('hands out no Electron object: no ipcRenderer, no webUtils, no send', () => {
    const { electron } = recorder()
    const bridge = createBridge(electron) as unknown as Record<string, unknown>
    const values = Object.values(bridge)
    for (const leaked of [
      electron.ipcRenderer,
      electron.webUtils,
      electron.contextBridge,
      ...Object.values(electron.ipcRenderer)
    ])
      expect(values).not.toContain(leaked)
    expect(bridge).not.toHaveProperty('send')
    expect(bridge).not.toHaveProperty('ipcRenderer')
  })

  it('every call travels on a fixed channel: the page cannot name one', async () => {
    const { electron, calls } = recorder()
    const b = createBridge(electron)
    await b.invoke('pricelab:save-file', { evil: true })
    await b.invoke('data:tables', {})
    await b.saveFile('f1', 'a.csv')
    await b.pickProject('saveAs')
    await b.printPdf('f2', 'r.pdf')
    expect(calls).toEqual([
      { channel: IPC.invoke, args: [{ name: 'pricelab:save-file', args: { evil: true } }] },
      { channel: IPC.invoke, args: [{ name: 'data:tables', args: {} }] },
      { channel: IPC.saveFile, args: ['f1', 'a.csv'] },
      { channel: IPC.pickProject, args: ['saveAs'] },
      { channel: IPC.printPdf, args: ['f2', 'r.pdf'] }
    ])
    expect(b.pathForFile({ name: 'x.csv' })).toBe('/picked/x.csv')
  })

  it('events reach the page as their payload only (the IPC event object carries ipcRenderer) and can be unsubscribed', () => {
    const { electron, listeners } = recorder()
    const b = createBridge(electron)
    const got: unknown[][] = []
    const off = b.onEvent((...a: unknown[]) => got.push(a))
    expect([...listeners.keys()]).toEqual([IPC.event])
    const [h] = listeners.get(IPC.event)!
    h({ sender: electron.ipcRenderer }, { type: 'progress', jobId: 'j', percent: 5, message: '' })
    expect(got).toEqual([[{ type: 'progress', jobId: 'j', percent: 5, message: '' }]])
    off()
    expect(listeners.get(IPC.event)).toEqual([])
  })
})
