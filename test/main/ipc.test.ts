import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { IPC } from '../../src/shared/ipc'
import type { DesktopBridge } from '../../src/shared/ipc'
import { exposeBridge } from '../../src/preload/bridge'
import { sha256 } from '../helpers'
import { FakeBrowserWindow, FakeWebContents, fakeRenderer, type FakeFrame } from './fake-electron'
import { shellPerTest } from './shell-fixture'

const started = shellPerTest()

/** The four channels the renderer invokes, each called with valid arguments. */
let intruderProject = ''
const CALLS: Record<string, (b: DesktopBridge) => Promise<unknown>> = {
  [IPC.invoke]: (b) => b.invoke('project:create', { path: intruderProject }),
  [IPC.saveFile]: (b) => b.saveFile('some-id', 'x.csv'),
  [IPC.pickProject]: (b) => b.pickProject('open'),
  [IPC.printPdf]: (b) => b.printPdf('some-id', 'report.pdf')
}

/** A bridge as a foreign sender would have it: the real preload over another frame or window. */
function bridgeFrom(s: Awaited<ReturnType<typeof started>>, wc: FakeWebContents, frame?: FakeFrame) {
  const r = fakeRenderer(s.fake, wc, frame)
  exposeBridge(r)
  return r.world.pricelab
}

describe('IPC channels (real handlers on the fake Electron)', () => {
  it('registers exactly the invoke channels of the contract, once each', async () => {
    const { fake } = await started()
    const invoked = Object.values(IPC).filter((c) => c !== IPC.event)
    expect([...fake.handlers.keys()].sort()).toEqual([...invoked].sort())
    expect(Object.keys(CALLS).sort()).toEqual([...invoked].sort())
  })

  it('answers our own window', async () => {
    const { bridge } = await started()
    const r = (await bridge.invoke('data:tables', {})) as { ok: boolean; value: { name: string }[] }
    expect(r.ok).toBe(true)
    expect(r.value.map((t) => t.name)).toContain('courses')
  })

  const foreign: [string, (s: Awaited<ReturnType<typeof started>>) => DesktopBridge][] = [
    [
      'a sub-frame of our page',
      (s) =>
        bridgeFrom(s, s.win.webContents, {
          url: s.win.webContents.mainFrame.url,
          parent: s.win.webContents.mainFrame
        })
    ],
    [
      'another window',
      (s) => bridgeFrom(s, new FakeWebContents(), { url: pathToFileURL(s.rendererFile).href, parent: null })
    ],
    [
      'our window showing another page',
      (s) => bridgeFrom(s, s.win.webContents, { url: 'https://evil.example/', parent: null })
    ],
    [
      'our window, another file',
      (s) => bridgeFrom(s, s.win.webContents, { url: 'file:///tmp/evil.html', parent: null })
    ],
    ['a frame already gone', (s) => bridgeFrom(s, s.win.webContents, null as unknown as FakeFrame)]
  ]
  for (const [who, make] of foreign)
    it(`refuses every channel from ${who}`, async () => {
      const s = await started()
      intruderProject = join(s.dir, 'intruder.pricelab')
      const b = make(s)
      for (const [channel, call] of Object.entries(CALLS)) {
        if (channel === IPC.invoke) {
          expect(await call(b)).toEqual({
            ok: false,
            error: { code: 'invalid_input', message: expect.stringMatching(/untrusted sender/) }
          })
        } else await expect(call(b), channel).rejects.toThrow(/untrusted sender/)
      }
      expect(s.fake.saveDialogs).toHaveLength(0)
      expect(s.fake.openDialogs).toHaveLength(0)
      expect(existsSync(intruderProject)).toBe(false)
      expect(FakeBrowserWindow.all).toHaveLength(1)
    })

  it('validates every channel’s arguments before acting', async () => {
    const { fake, win } = await started()
    const raw = fakeRenderer(fake, win.webContents).ipcRenderer
    const bad: [string, unknown[]][] = [
      [IPC.saveFile, [42, 'x.csv']],
      [IPC.saveFile, ['id', 'x.csv', 'extra']],
      [IPC.saveFile, ['id', 'x'.repeat(300)]],
      [IPC.saveFile, []],
      [IPC.pickProject, ['delete']],
      [IPC.pickProject, [{ kind: 'open' }]],
      [IPC.printPdf, ['', 'report.pdf']],
      [IPC.printPdf, ['id', null]]
    ]
    for (const [channel, args] of bad)
      await expect(raw.invoke(channel, ...args), `${channel} ${JSON.stringify(args)}`).rejects.toThrow(
        /bad arguments/
      )
    expect(fake.saveDialogs).toHaveLength(0)
    expect(fake.openDialogs).toHaveLength(0)
    for (const msg of ['data:tables', null, { name: 42 }, { name: 'data:tables', args: {}, extra: 1 }])
      expect(await raw.invoke(IPC.invoke, msg)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    // The call's own arguments are then validated by the contract (src/shared/api/).
    expect(
      await raw.invoke(IPC.invoke, { name: 'data:rows', args: { table: 'courses', offset: -1, limit: 5 } })
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/offset/) }
    })
    expect(await raw.invoke(IPC.invoke, { name: 'fs:readFile', args: {} })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/unknown call/) }
    })
  })
})

describe('file dialogs', () => {
  async function withExport() {
    const s = await started()
    const r = (await s.bridge.invoke('export:table', { table: 'courses' })) as {
      ok: true
      value: { fileId: string }
    }
    expect(r.ok).toBe(true)
    return { ...s, fileId: r.value.fileId }
  }

  it('saves an export where the user chose, suggesting a bare file name', async () => {
    const s = await withExport()
    const target = join(s.dir, 'courses-out.csv')
    s.fake.dialogAnswers.push({ canceled: false, filePath: target })
    expect(await s.bridge.saveFile(s.fileId, '..\\..\\/etc/courses.csv')).toBe(target)
    expect(readFileSync(target, 'utf8')).toMatch(/^course_id,/)
    // A renderer cannot steer the dialog to a folder: the suggestion is a file name only.
    expect(s.fake.saveDialogs[0].defaultPath).toBe('courses.csv')
  })

  it('a cancelled dialog writes nothing and answers null', async () => {
    const s = await withExport()
    expect(await s.bridge.saveFile(s.fileId, 'courses.csv')).toBeNull()
    expect(s.fake.saveDialogs).toHaveLength(1)
  })

  it('refuses to save over the open project or its WAL, as the CLI does', async () => {
    const s = await withExport()
    const before = sha256(s.projectPath)
    for (const target of [s.projectPath, `${s.projectPath}-wal`, join(s.dir, '.', 'p.pricelab')]) {
      s.fake.dialogAnswers.push({ canceled: false, filePath: target })
      await expect(s.bridge.saveFile(s.fileId, 'courses.csv')).rejects.toThrow(
        /open project .* would destroy it/
      )
    }
    expect(sha256(s.projectPath)).toBe(before)
    expect(((await s.bridge.invoke('data:tables', {})) as { ok: boolean }).ok).toBe(true)
  })

  it('an unknown file id is refused before any dialog', async () => {
    const s = await started()
    await expect(s.bridge.saveFile('no-such-id', 'x.csv')).rejects.toThrow(/unknown file id/)
    expect(s.fake.saveDialogs).toHaveLength(0)
  })

  it('picks project paths; a new or saved-as project may not be the open one', async () => {
    const s = await started()
    const other = join(s.dir, 'other.pricelab')
    s.fake.dialogAnswers.push({ canceled: false, filePaths: [other] })
    expect(await s.bridge.pickProject('open')).toBe(other)
    expect(s.fake.openDialogs[0].properties).toEqual(['openFile'])
    for (const kind of ['create', 'saveAs'] as const) {
      s.fake.dialogAnswers.push({ canceled: false, filePath: s.projectPath })
      await expect(s.bridge.pickProject(kind)).rejects.toThrow(/open project/)
      s.fake.dialogAnswers.push({ canceled: false, filePath: other })
      expect(await s.bridge.pickProject(kind)).toBe(other)
    }
    expect(await s.bridge.pickProject('open')).toBeNull()
  })
})

describe('printToPDF', () => {
  async function withReport() {
    const s = await started()
    const html = join(s.dir, 'report.html')
    writeFileSync(html, '<!doctype html><h1>Report</h1>')
    const r = (await s.bridge.invoke('file:stagePath', { path: html })) as {
      ok: true
      value: { fileId: string }
    }
    return { ...s, html, fileId: r.value.fileId }
  }

  it('prints the staged report in a hidden script-less window and writes the PDF where asked', async () => {
    const s = await withReport()
    const target = join(s.dir, 'out.pdf')
    s.fake.dialogAnswers.push({ canceled: false, filePath: target })
    expect(await s.bridge.printPdf(s.fileId, 'report.pdf')).toBe(target)
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7 fake\n')
    const printer = FakeBrowserWindow.all[1]
    expect(printer.loaded).toBe(s.html)
    expect(printer.options).toEqual({
      show: false,
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
        disableBlinkFeatures: 'Auxclick'
      }
    })
    expect(printer.webContents.printed).toEqual([{ printBackground: true, pageSize: 'A4' }])
    expect(printer.destroyed).toBe(true)
    expect(s.fake.saveDialogs[0].filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }])
  })

  it('reports a failed print with the target named, writes nothing, and closes the hidden window', async () => {
    const s = await withReport()
    const target = join(s.dir, 'out.pdf')
    s.fake.dialogAnswers.push({ canceled: false, filePath: target })
    FakeBrowserWindow.onCreate = (w) => {
      w.webContents.pdf = async () => {
        throw new Error('Printing failed')
      }
    }
    await expect(s.bridge.printPdf(s.fileId, 'report.pdf')).rejects.toThrow(
      /could not print the report to .*out\.pdf: Printing failed/
    )
    expect(existsSync(target)).toBe(false)
    expect(FakeBrowserWindow.all.at(-1)!.destroyed).toBe(true)
  })

  it('reports a folder that cannot be written', async () => {
    const s = await withReport()
    const target = join(s.dir, 'no-such-folder', 'out.pdf')
    s.fake.dialogAnswers.push({ canceled: false, filePath: target })
    await expect(s.bridge.printPdf(s.fileId, 'report.pdf')).rejects.toThrow(
      /could not print the report to .*no-such-folder.*ENOENT/
    )
  })

  it('refuses to print over the open project', async () => {
    const s = await withReport()
    const before = sha256(s.projectPath)
    s.fake.dialogAnswers.push({ canceled: false, filePath: s.projectPath })
    await expect(s.bridge.printPdf(s.fileId, 'report.pdf')).rejects.toThrow(/open project/)
    expect(sha256(s.projectPath)).toBe(before)
    expect(FakeBrowserWindow.all).toHaveLength(1)
  })
})
