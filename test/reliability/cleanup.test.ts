import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { cli, tempDir, writeFile } from '../helpers'

function sales(rows: number): string {
  const lines = ['sku,price,units']
  for (let i = 0; i < rows; i++) {
    const price = 8 + (i % 9)
    lines.push(`S${i % 20},${price},${Math.round(200 * price ** -1.2) + (i % 3)}`)
  }
  return lines.join('\n') + '\n'
}

/** PriceLab's temporary projects (the worker threads' own tsx cache may sit beside them). */
const ours = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('pricelab-'))

describe('temporary files are cleaned up (issue 17, item 5)', () => {
  it('elasticity --csv deletes its temporary project, also when the import fails', async () => {
    const dir = tempDir()
    const tmp = join(dir, 'tmp')
    mkdirSync(tmp)
    const saved = process.env.TMPDIR
    process.env.TMPDIR = tmp
    try {
      const csv = writeFile(dir, 'sales.csv', sales(400))
      const ok = await cli(
        'elasticity',
        '--csv',
        csv,
        '--price',
        'price',
        '--quantity',
        'units',
        '--item',
        'sku',
        '--models',
        'ols',
        '--json'
      )
      expect(ok.code).toBe(0)
      expect(ours(tmp)).toEqual([])
      const bad = writeFile(dir, 'bad.csv', 'sku,price,units\nA,1\n')
      const failed = await cli('elasticity', '--csv', bad, '--price', 'price', '--quantity', 'units')
      expect(failed.code).toBe(1)
      expect(ours(tmp)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
  }, 60_000)

  it('CLI exports leave nothing in PriceLab’s exports folder', async () => {
    const dir = tempDir()
    const db = join(dir, 'x.pricelab')
    expect((await cli('generate', '--db', db, '--seed', '1', '--scale', '0.02')).code).toBe(0)
    for (let i = 0; i < 3; i++)
      expect(
        (await cli('export', '--db', db, '--table', 'courses', '--out', join(dir, `c${i}.csv`))).code
      ).toBe(0)
    const exports = join(process.env.PRICELAB_HOME as string, 'exports')
    expect(existsSync(exports) ? readdirSync(exports) : []).toEqual([])
  })
})
