import { describe, expect, it, vi } from 'vitest'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'

/**
 * Issue 29, messages: a study whose report could not be written said `report failed: ENOSPC: no space left
 * on device, write`. A full disk cannot be produced on demand here, so it is injected: writing the report's
 * HTML fails as Node fails on a full disk.
 */
const disk = vi.hoisted(() => ({ full: false }))
vi.mock('node:fs/promises', async (original) => {
  const m = await original<typeof import('node:fs/promises')>()
  const writeFile: typeof m.writeFile = async (file, data, opts) => {
    if (disk.full && String(file).endsWith('report.html'))
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), {
        code: 'ENOSPC',
        errno: -28,
        syscall: 'write'
      })
    return m.writeFile(file, data, opts)
  }
  return { ...m, writeFile, default: { ...m, writeFile } }
})

describe('a full disk while the study report is written (issue 29)', () => {
  it('names the report folder and the fix, not ENOSPC; leaves no half folder', async () => {
    const dir = tempDir()
    const db = join(dir, 'x.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '1', '--scale', '0.02')).code).toBe(0)
    const config = join(dir, 'study.json')
    await (
      await import('node:fs/promises')
    ).writeFile(
      config,
      JSON.stringify({
        name: 'Full disk',
        elasticity: { models: ['ols'], folds: 2 },
        propensity: null,
        experiment: null
      })
    )
    const report = join(dir, 'report')
    disk.full = true
    const r = await cli('run', '--db', db, '--config', config, '--report', report, '--json')
    disk.full = false
    expect(r.code).not.toBe(0)
    const text = r.out + r.err
    expect(text).toMatch(/report failed: the disk is full: .*report was not written.*Free some space/)
    expect(text).not.toMatch(/ENOSPC/)
    expect(existsSync(report)).toBe(false)
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([])
  })
})
