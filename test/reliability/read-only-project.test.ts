import { afterEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { accessSync, chmodSync, constants, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { cli, sha256, tempDir } from '../helpers'

/**
 * Issue 29 item 8: a project in a read-only folder could not even be read ("not a PriceLab project
 * (unable to open database file)"), and a read-only file was refused as `internal`. Now it opens
 * read-only, says so, refuses every write as `storage` with the reason, and "Save as" keeps a copy.
 *
 * Tests run as root, where permissions do not stop writes: the file or folder is made immutable
 * (chattr +i, which stops root too); as another user, its write permission is removed.
 */
const root = process.getuid?.() === 0
const locked: string[] = []

function lock(p: string): void {
  if (root) execFileSync('chattr', ['+i', p])
  else chmodSync(p, 0o555)
  locked.push(p)
  expect(() => accessSync(p, constants.W_OK)).toThrow()
}

afterEach(() => {
  for (const p of locked.splice(0)) {
    if (root) execFileSync('chattr', ['-i', p])
    else chmodSync(p, 0o755)
  }
})

async function sampleProject(): Promise<string> {
  const db = join(tempDir(), 'shop.pricelab')
  expect((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.05')).code).toBe(0)
  return db
}

const snapshots = () => readdirSync(tmpdir()).filter((n) => n.startsWith('pricelab-read-only-')).length

describe('a project that cannot be written opens read-only', () => {
  it.each([
    ['the file', (db: string) => lock(db), /the file is read-only/],
    ['its folder', (db: string) => lock(dirname(db)), /its folder .* is read-only/]
  ])(
    '%s read-only: read, every write refused as storage, nothing changed, Save as keeps a copy',
    async (_what, makeReadOnly, reason) => {
      const db = await sampleProject()
      const before = sha256(db)
      const snapshotsBefore = snapshots()
      makeReadOnly(db)
      const b = new Backend({ mode: 'cli', version: 'test' })
      const opened = await b.dispatch('project:open', { path: db })
      expect(opened.ok ? opened.value : opened.error).toMatchObject({
        path: db,
        readOnly: expect.stringMatching(reason)
      })
      const tables = await b.call('data:tables', {})
      expect(tables.length).toBeGreaterThan(3)
      const settings = await b.call('pricing:settings', {})
      for (const [call, args] of [
        ['pricing:saveSettings', { settings }],
        ['project:compact', {}],
        ['pricing:deleteScenario', { name: 'none' }]
      ] as const) {
        const r = await b.dispatch(call, args as never)
        expect(r.ok ? 'written' : r.error).toMatchObject({
          code: 'storage',
          message: expect.stringMatching(/is open read-only .*nothing was written. Use "Save as"/)
        })
      }
      const copy = join(tempDir(), 'copy.pricelab')
      const saved = await b.dispatch('project:saveAs', { path: copy })
      expect(saved.ok ? saved.value : saved.error).toMatchObject({ path: copy, readOnly: null })
      expect((await b.call('data:tables', {})).length).toBe(tables.length)
      b.close()
      expect(sha256(db)).toBe(before)
      expect(existsSync(`${db}-wal`)).toBe(false)
      // The snapshot is gone once the project is closed.
      expect(snapshots()).toBe(snapshotsBefore)
      // The CLI reads it too.
      const t = await cli('tables', '--db', db, '--json')
      expect(t.err).toBe('')
      expect(JSON.parse(t.out).tables.length).toBe(tables.length)
    },
    120_000
  )
})
