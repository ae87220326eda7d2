import { describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import { existsSync, readdirSync } from 'node:fs'
import { cli, tempDir } from '../helpers'

// The disk fills up while the export is copied to the user's file: the error Node raises then.
const disk = vi.hoisted(() => ({ full: false }))
vi.mock('node:fs/promises', async (original) => {
  const m = await original<typeof import('node:fs/promises')>()
  const copyFile: typeof m.copyFile = async (src, dest, mode) => {
    if (disk.full)
      throw Object.assign(
        new Error(`ENOSPC: no space left on device, copyfile '${String(src)}' -> '${String(dest)}'`),
        { code: 'ENOSPC', errno: -28, syscall: 'copyfile' }
      )
    return m.copyFile(src, dest, mode)
  }
  return { ...m, copyFile, default: { ...m, copyFile } }
})

describe('a full disk while exporting (issue 17, messages)', () => {
  it('says the disk is full, names only the user’s file, and leaves nothing behind', async () => {
    const dir = tempDir()
    const db = join(dir, 'x.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '1', '--scale', '0.02')).code).toBe(0)
    const out = join(dir, 'courses.csv')
    disk.full = true
    const r = await cli('export', '--db', db, '--table', 'courses', '--out', out, '--json')
    disk.full = false
    expect(r.code).toBe(1)
    const err = JSON.parse(r.out).error
    expect(err.code).toBe('storage')
    expect(err.message).toMatch(/disk is full/)
    expect(err.message).toContain(out)
    expect(err.message).not.toMatch(/ENOSPC|copyfile|exports/)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })
})
