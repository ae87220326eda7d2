import { describe, expect, it, vi } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listRecent, rememberRecent } from '../../src/backend/recent'
import { tempDir } from '../helpers'

describe('recent projects file', () => {
  it('reads the old bare list, saves a versioned one, and refuses a newer one with a warning', () => {
    const dir = tempDir()
    const home = process.env.PRICELAB_HOME as string
    mkdirSync(home, { recursive: true })
    const file = join(home, 'recent.json')
    expect(listRecent()).toEqual([])
    writeFileSync(file, JSON.stringify([{ path: join(dir, 'a.pricelab'), openedAt: '2026-01-01T00:00:00Z' }]))
    expect(listRecent().map((e) => e.name)).toEqual(['a'])
    rememberRecent(join(dir, 'b.pricelab'))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format_version: 1 })
    expect(listRecent().map((e) => e.name)).toEqual(['b', 'a'])
    writeFileSync(file, JSON.stringify({ format_version: 2, items: [] }))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(listRecent()).toEqual([])
    expect(warn.mock.calls[0][0]).toMatch(/saved by a newer PriceLab \(format version 2/)
    warn.mockRestore()
  })

  it('never lists the temporary projects of CLI commands (issue 16)', () => {
    const before = process.env.PRICELAB_HOME
    process.env.PRICELAB_HOME = tempDir()
    try {
      const scratch = join(mkdtempSync(join(tmpdir(), 'pricelab-')), 'in.pricelab')
      const abtest = join(mkdtempSync(join(tmpdir(), 'pricelab-abtest-')), 'analysis.pricelab')
      const mine = join(tempDir(), 'Shop.pricelab')
      rememberRecent(scratch)
      rememberRecent(mine)
      rememberRecent(abtest)
      expect(listRecent().map((r) => r.path)).toEqual([mine])
    } finally {
      process.env.PRICELAB_HOME = before
    }
  })
})
