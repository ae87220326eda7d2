import { describe, expect, it } from 'vitest'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { assertNotOpenProject } from '../../src/backend/output-target'
import { cli, sha256, tempDir } from '../helpers'

describe('outputs never overwrite the open project', () => {
  const dir = tempDir()
  const project = join(dir, 'p.pricelab')

  it('refuses the project itself, however the path is spelled, and its SQLite side files', () => {
    for (const target of [
      project,
      join(dir, '.', 'sub', '..', 'p.pricelab'),
      `${project}-wal`,
      `${project}-shm`,
      `${project}-journal`
    ])
      expect(() => assertNotOpenProject(target, project), target).toThrow(/would destroy it/)
  })

  it('sees through a symbolic link to the project’s folder', () => {
    const link = join(tempDir(), 'link')
    symlinkSync(dir, link)
    expect(() => assertNotOpenProject(join(link, 'p.pricelab'), project)).toThrow(/open project/)
  })

  it('ignores case only where the file system does (Windows, macOS)', () => {
    const upper = join(dir, 'P.PRICELAB')
    expect(() => assertNotOpenProject(upper, project, 'darwin')).toThrow(/open project/)
    expect(() => assertNotOpenProject(upper, project, 'win32')).toThrow(/open project/)
    expect(() => assertNotOpenProject(upper, project, 'linux')).not.toThrow()
  })

  it('allows any other file, and anything when no project is open', () => {
    mkdirSync(join(dir, 'exports'), { recursive: true })
    expect(() => assertNotOpenProject(join(dir, 'exports', 'p.pricelab.csv'), project)).not.toThrow()
    expect(() => assertNotOpenProject(join(dir, 'p2.pricelab'), project)).not.toThrow()
    expect(() => assertNotOpenProject(project, null)).not.toThrow()
  })

  it('the CLI’s --out refuses the project it is reading (the project stays intact)', async () => {
    const d = tempDir()
    const db = join(d, 'c.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.02')).code).toBe(0)
    const before = sha256(db)
    const r = await cli('export', '--db', db, '--table', 'courses', '--out', db)
    expect(r.code).not.toBe(0)
    expect(r.err).toMatch(/open project .* would destroy it/)
    expect(sha256(db)).toBe(before)
    const j = await cli('export', '--db', db, '--table', 'courses', '--out', `${db}-wal`, '--json')
    expect(JSON.parse(j.out)).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringMatching(/working file of the open project/) }
    })
    expect((await cli('tables', '--db', db)).code).toBe(0)
  })
})
