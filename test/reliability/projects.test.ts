import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { statSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { cli, sha256, tempDir } from '../helpers'

const child = join(__dirname, 'fixtures/work-child.ts')

function backend(): Backend {
  return new Backend({ mode: 'cli', version: 'test' })
}

describe('only PriceLab projects are opened (issue 17, item 12)', () => {
  it('a 0-byte file is refused and stays 0 bytes', async () => {
    const dir = tempDir()
    const path = join(dir, 'empty.pricelab')
    writeFileSync(path, '')
    const b = backend()
    const r = await b.dispatch('project:open', { path })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toContain(path)
    expect(statSync(path).size).toBe(0)
    b.close()
  })

  it('an empty SQLite file of another application is not turned into a project', async () => {
    const dir = tempDir()
    const path = join(dir, 'other-app.db')
    const other = new Database(path)
    other.pragma('user_version = 3')
    other.close()
    const before = sha256(path)
    const b = backend()
    const r = await b.dispatch('project:open', { path })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/empty SQLite database, not a PriceLab project/)
    expect(sha256(path)).toBe(before)
    const check = new Database(path, { readonly: true })
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({
      n: 0
    })
    check.close()
    b.close()
  })

  it('a foreign SQLite file is refused before its journal mode is touched', async () => {
    const dir = tempDir()
    const path = join(dir, 'foreign.sqlite')
    const other = new Database(path)
    other.exec(
      "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts VALUES (1, 'a')"
    )
    expect(other.pragma('journal_mode', { simple: true })).toBe('delete')
    other.close()
    const before = sha256(path)
    const r = await cli('tables', '--db', path, '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).error.message).toMatch(/not a PriceLab project/)
    expect(sha256(path)).toBe(before)
    const check = new Database(path, { readonly: true })
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })

  it('"file is not a database" names the file', async () => {
    const dir = tempDir()
    const path = join(dir, 'notes.pricelab')
    writeFileSync(path, 'these are my notes, not a database at all '.repeat(40))
    const r = await cli('tables', '--db', path)
    expect(r.code).toBe(1)
    expect(r.err).toContain(path)
    expect(r.err).toMatch(/not a PriceLab project/)
  })
})

describe('a second writer and running jobs (issue 17, item 9 and messages)', () => {
  it('a second writer gets code busy, in the user’s terms', async () => {
    const dir = tempDir()
    const path = join(dir, 'p.pricelab')
    const a = backend()
    a.openProject(path, { create: true })
    const b = backend()
    b.openProject(path, { create: false })
    b.project.writer.pragma('busy_timeout = 50')
    a.project.writer.exec('BEGIN IMMEDIATE')
    try {
      const r = await b.dispatch('data:generate', { jobId: 'g', seed: 1, scale: 0.01 })
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('busy')
        expect(r.error.message).not.toMatch(/SQLITE/)
      }
    } finally {
      a.project.writer.exec('ROLLBACK')
      a.close()
      b.close()
    }
  })

  it('opening another project while an import runs is refused, naming the import; the import completes', async () => {
    const dir = tempDir()
    const b = backend()
    b.openProject(join(dir, 'one.pricelab'), { create: true })
    const other = join(dir, 'two.pricelab')
    backend().openProject(other, { create: true }).close()
    const rows = [
      'sku,price,units',
      ...Array.from({ length: 60_000 }, (_, i) => `S${i % 50},${10 + (i % 7)},${i % 9}`)
    ]
    const csv = join(dir, 'sales.csv')
    writeFileSync(csv, rows.join('\n') + '\n')
    const f = b.files.stagePath(csv)
    const running = b.dispatch('import:run', {
      jobId: 'imp',
      fileId: f.fileId,
      plan: {
        target: { kind: 'dataset', name: 'sales', roles: {} },
        columns: [
          { source: 'sku', target: 'sku', type: 'text' },
          { source: 'price', target: 'price', type: 'number' },
          { source: 'units', target: 'units', type: 'integer' }
        ]
      }
    })
    await new Promise((r) => setImmediate(r))
    const open = await b.dispatch('project:open', { path: other })
    expect(open.ok).toBe(false)
    if (!open.ok) {
      expect(open.error.code).toBe('busy')
      expect(open.error.message).toMatch(/the import of sales\.csv/)
    }
    const done = await running
    expect(done.ok).toBe(true)
    expect(b.project.path).toBe(join(dir, 'one.pricelab'))
    // Once the job is over, the switch is allowed.
    expect((await b.dispatch('project:open', { path: other })).ok).toBe(true)
    b.close()
  })

  it('a study run killed mid-way is marked interrupted when the project is opened again', async () => {
    const dir = tempDir()
    const path = join(dir, 'p.pricelab')
    const b = backend()
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 2, scale: 0.05 })
    b.close()
    // The child stops dead at its first progress event and is killed there: the kill always lands mid-study.
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, path, 'study', join(dir, 'report')], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, PRICELAB_HOLD_AT: '1' }
      })
      p.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('holding') && p.exitCode === null) p.kill('SIGKILL')
      })
      p.on('exit', (_code, sig) => resolve(sig))
    })
    expect(signal).toBe('SIGKILL')
    const raw = new Database(path, { readonly: true })
    expect(raw.prepare('SELECT status FROM pipeline_runs').all()).toEqual([{ status: 'running' }])
    raw.close()
    const again = backend()
    again.openProject(path, { create: false })
    const runs = await again.call('pipeline:runs', {})
    expect(runs.map((r) => r.status)).toEqual(['interrupted'])
    expect(runs[0].error).toMatch(/interrupted/)
    expect(runs[0].stages.some((s) => s.status === 'running')).toBe(false)
    again.close()
  }, 60_000)
})
