import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeTextFile } from '../../src/backend/text-file'
import { tempDir } from '../helpers'

describe('a text file written from its pieces', () => {
  it('holds exactly the UTF-8 of the joined text, beyond ASCII, across slabs and with a piece larger than one', () => {
    const dir = tempDir()
    const cases: string[][] = [
      [],
      [''],
      ['a,b\r\n', '', 'ε −1.20 → ×\r\n', '😀 pair\r\n'],
      // ~1 MB pieces, some two bytes a character: they fill several 4 MB slabs.
      Array.from({ length: 12 }, (_, i) => (i % 3 ? 'x'.repeat(1 << 20) : '×'.repeat(1 << 19))),
      // One piece whose bytes exceed a slab (3 × 1.6M > 4 MB): written through a larger one.
      ['head\n', '€'.repeat(1_600_000), 'tail\n']
    ]
    cases.forEach((pieces, k) => {
      const path = join(dir, `t${k}.csv`)
      writeTextFile(path, pieces)
      expect(readFileSync(path).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true)
    })
  })
})
