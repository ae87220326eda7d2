import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { sha256, tempDir, writeFile } from '../helpers'

async function setup() {
  const dir = tempDir()
  const path = join(dir, 'p.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 1, scale: 0.02 })
  const rows = ['id,value', ...Array.from({ length: 50_000 }, (_, i) => `${i},${i * 0.25}`)]
  const csv = writeFile(dir, 'big.csv', rows.join('\n') + '\n')
  return { dir, path, b, csv, fileId: b.files.stagePath(csv).fileId }
}

const plan = {
  target: { kind: 'dataset' as const, name: 'big', roles: {} },
  columns: [
    { source: 'id', target: 'id', type: 'integer' as const },
    { source: 'value', target: 'value', type: 'number' as const }
  ]
}

describe('storage failures', () => {
  it('a full disk stops the import with a clear message and loses nothing', async () => {
    const { path, b, fileId } = await setup()
    b.project.writer.pragma('wal_checkpoint(TRUNCATE)')
    const pages = (
      b.project.writer.prepare<{ page_count: number }>('PRAGMA page_count').get() as { page_count: number }
    ).page_count
    // SQLite's page limit makes the database "full" a few pages from now, as a full disk would.
    b.project.writer.pragma(`max_page_count = ${pages + 20}`)
    const r = await b.dispatch('import:run', { jobId: 'i', fileId, plan })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('storage')
      expect(r.error.message).toMatch(/disk is full: nothing was written/)
    }
    expect((await b.call('data:tables', {})).some((t) => t.kind === 'dataset')).toBe(false)
    // The app goes on: reads work, and so does a small write that fits.
    expect((await b.call('data:tables', {})).find((t) => t.name === 'learners')?.rows).toBe(200)
    b.close()
    const again = new Backend({ mode: 'cli', version: 'test' })
    again.openProject(path, { create: false })
    expect(again.project.reader.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' })
    again.close()
  })

  it('a read-only project refuses writes with a clear message and stays as it was', async () => {
    const { path, b, csv } = await setup()
    b.close()
    const before = sha256(path)
    const ro = new Backend({ mode: 'cli', version: 'test' })
    ro.openProject(path, { create: false })
    // As root no file mode stops a write, so ask SQLite itself to refuse writes on this connection.
    ro.project.writer.pragma('query_only = 1')
    const staged = ro.files.stagePath(csv)
    const r = await ro.dispatch('import:run', { jobId: 'i', fileId: staged.fileId, plan })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/read-only|readonly/i)
    const g = await ro.dispatch('data:generate', { jobId: 'g2', seed: 9, scale: 0.02 })
    expect(g.ok).toBe(false)
    ro.close()
    expect(sha256(path)).toBe(before)
  })
})
