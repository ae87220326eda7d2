import { describe, expect, it } from 'vitest'
import { copyFileSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

function backend(): Backend {
  return new Backend({ mode: 'cli', version: 'test' })
}

/**
 * A copy of `src` (a rollback-journal database, as "save as" writes it) taken in the middle of a
 * write that spilled to disk: the copy and its journal are exactly what a kill leaves — a hot
 * journal that SQLite must roll back before the file can be read.
 */
function copyWithHotJournal(src: string, dest: string): void {
  const db = new Database(src)
  db.pragma('journal_mode = DELETE')
  db.pragma('cache_size = 1')
  db.exec('BEGIN')
  db.exec(
    'CREATE TABLE IF NOT EXISTS filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(400)) FROM learners'
  )
  db.exec('UPDATE learners SET learner_id = learner_id')
  expect(statSync(`${src}-journal`).size).toBeGreaterThan(0)
  copyFileSync(src, dest)
  copyFileSync(`${src}-journal`, `${dest}-journal`)
  db.exec('ROLLBACK')
  db.close()
}

describe('opening repairs what SQLite can repair (issue 28 item 2, issue 29)', () => {
  it('a "save as" copy left with a hot journal opens, rolled back to its last commit', async () => {
    const dir = tempDir()
    const src = join(dir, 'p.pricelab')
    const b = backend()
    b.openProject(src, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 2, scale: 0.02 })
    const copy = join(dir, 'copy.pricelab')
    await b.call('project:saveAs', { path: copy })
    b.close()
    const killed = join(dir, 'killed.pricelab')
    copyWithHotJournal(copy, killed)

    const again = backend()
    const r = await again.dispatch('project:open', { path: killed })
    expect(r.ok ? 'opened' : r.error.message).toBe('opened')
    const tables = await again.call('data:tables', {})
    expect(tables.find((t) => t.name === 'learners')?.rows).toBe(200)
    expect(tables.some((t) => t.name === 'filler')).toBe(false)
    again.close()
    expect(existsSync(`${killed}-journal`)).toBe(false)
  })

  it('a file that is still not a project after recovery is refused', async () => {
    const dir = tempDir()
    const other = join(dir, 'other.db')
    const db = new Database(other)
    db.exec('CREATE TABLE learners (learner_id INTEGER); INSERT INTO learners VALUES (1), (2), (3)')
    db.close()
    const killed = join(dir, 'killed.db')
    copyWithHotJournal(other, killed)
    const b = backend()
    const r = await b.dispatch('project:open', { path: killed })
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.error.message).toMatch(/SQLite database but not a PriceLab project \(it holds learners\)/)
    b.close()
  })
})
