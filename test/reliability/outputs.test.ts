import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Backend } from '../../src/backend/backend'
import { cli, sha256, tempDir } from '../helpers'

async function project(dir: string, name = 'x.pricelab'): Promise<string> {
  const path = join(dir, name)
  const r = await cli('generate', '--db', path, '--seed', '1', '--scale', '0.02')
  expect(r.code).toBe(0)
  return path
}

function isIntactProject(path: string): boolean {
  const db = new Database(path, { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true }) === 'ok'
  } finally {
    db.close()
  }
}

describe('outputs never destroy a project or a file (issue 17, item 1)', () => {
  it('export --out the open project is refused and the project stays intact', async () => {
    const dir = tempDir()
    const db = await project(dir)
    const before = sha256(db)
    const r = await cli('export', '--db', db, '--table', 'courses', '--out', db, '--json')
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).error.message).toMatch(/is the open project/)
    expect(sha256(db)).toBe(before)
    expect(isIntactProject(db)).toBe(true)
    // Even with --force: the open project is never an output.
    expect((await cli('export', '--db', db, '--table', 'courses', '--out', db, '--force')).code).toBe(1)
    expect(isIntactProject(db)).toBe(true)
  })

  it('refuses any SQLite file, even with --force, and an existing file without --force', async () => {
    const dir = tempDir()
    const db = await project(dir)
    const other = await project(dir, 'other.pricelab')
    const otherHash = sha256(other)
    for (const force of [[], ['--force']]) {
      const r = await cli('export', '--db', db, '--table', 'courses', '--out', other, ...force)
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/SQLite database/)
    }
    expect(sha256(other)).toBe(otherHash)

    const mine = join(dir, 'mine.csv')
    writeFileSync(mine, 'my own work\n')
    const refused = await cli('export', '--db', db, '--table', 'courses', '--out', mine)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/already exists: add --force/)
    expect(readFileSync(mine, 'utf8')).toBe('my own work\n')
    const forced = await cli('export', '--db', db, '--table', 'courses', '--out', mine, '--force')
    expect(forced.code).toBe(0)
    expect(readFileSync(mine, 'utf8')).toMatch(/^course_id,/)
    // Written under a temporary name and renamed: nothing is left beside it.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })

  it('optimize, score and abtest --out go through the same checks', async () => {
    const dir = tempDir()
    const db = await project(dir)
    const before = sha256(db)
    for (const args of [
      ['score', '--db', db, '--out', db],
      ['optimize', '--db', db, '--out', db],
      ['abtest', '--db', db, '--treatment', 'change:-10%', '--out', db]
    ]) {
      const r = await cli(...args)
      expect(r.code, args[0]).toBe(1)
      expect(r.err).toMatch(/open project/)
    }
    expect(sha256(db)).toBe(before)
  })
})

describe('study report folders (issue 17, item 3)', () => {
  const config = {
    name: 'Folder test',
    elasticity: { models: ['ols' as const], folds: 2 },
    propensity: { targets: ['enrollment' as const] },
    experiment: null
  }

  it('refuses a folder with the user’s own files, and a forced rerun leaves no stale file', async () => {
    const dir = tempDir()
    const db = await project(dir)
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    try {
      const mine = join(dir, 'mine')
      mkdirSync(mine)
      writeFileSync(join(mine, 'report.html'), 'my report')
      writeFileSync(join(mine, 'price_sheet.csv'), 'my prices')
      const refused = await b.dispatch('pipeline:run', { jobId: 'r0', config, reportDir: mine })
      expect(refused.ok).toBe(false)
      if (!refused.ok) expect(refused.error.message).toMatch(/not empty.*--force/)
      expect(readFileSync(join(mine, 'report.html'), 'utf8')).toBe('my report')
      expect(readFileSync(join(mine, 'price_sheet.csv'), 'utf8')).toBe('my prices')
      expect(await b.call('pipeline:runs', {})).toEqual([])

      const out = join(dir, 'report')
      const one = await b.call('pipeline:run', { jobId: 'r1', config, reportDir: out })
      expect(one.status).toBe('ok')
      expect(readdirSync(out).sort()).toEqual(
        ['price_sheet.csv', 'price_workbook.xlsx', 'report.html', 'report.json', 'scored_learners.csv'].sort()
      )
      writeFileSync(join(out, 'notes.txt'), 'keep me')
      // A rerun without propensity does not write scored_learners.csv: the old one must not stay.
      const again = { ...config, propensity: null }
      const refusedAgain = await b.dispatch('pipeline:run', { jobId: 'r2', config: again, reportDir: out })
      expect(refusedAgain.ok).toBe(false)
      const two = await b.call('pipeline:run', { jobId: 'r3', config: again, reportDir: out, force: true })
      expect(two.status).toBe('ok')
      expect(readdirSync(out).sort()).toEqual([
        'notes.txt',
        'price_sheet.csv',
        'price_workbook.xlsx',
        'report.html',
        'report.json'
      ])
      // Nothing half-written is left beside the folder.
      expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])
    } finally {
      b.close()
    }
  }, 60_000)
})
