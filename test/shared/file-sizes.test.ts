import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'

/**
 * The contract stays readable (issue 18): no file in src/shared over 400 lines. The API is
 * one file per domain under src/shared/api/, re-exported by its index.
 */
const MAX_LINES = 400

describe('src/shared file sizes', () => {
  const files = sources(join(root, 'src/shared'))

  it('lists the call tables of the domains (the scan is not vacuous)', () => {
    const calls = files
      .map((f) => relative(root, f))
      .filter((f) => /^src\/shared\/[a-z]+\/calls\.ts$/.test(f))
    expect(calls.length).toBeGreaterThanOrEqual(7)
  })

  it(`no file is over ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > MAX_LINES)
    expect(long).toEqual([])
  })
})
