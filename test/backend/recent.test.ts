import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { listRecent, rememberRecent } from '../../src/backend/recent'
import { tempDir } from '../helpers'

describe('Recent projects (issue 16)', () => {
  it('never lists the temporary projects of CLI commands', () => {
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
