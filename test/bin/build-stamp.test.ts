import { describe, expect, it } from 'vitest'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { tempDir } from '../helpers'

const require = createRequire(import.meta.url)
const stamp = require('../../bin/build-stamp.cjs') as {
  sourceHash(root: string): string
  staleHash(root: string): string | null
  writeStamp(root: string, hash: string): void
}

/** A fake checkout: sources, a config and a built out/. */
function checkout(): string {
  const root = tempDir()
  mkdirSync(join(root, 'src/core'), { recursive: true })
  mkdirSync(join(root, 'out/main'), { recursive: true })
  writeFileSync(join(root, 'src/core/a.ts'), 'export const a = 1\n')
  writeFileSync(join(root, 'package.json'), '{}\n')
  writeFileSync(join(root, 'out/main/server.js'), '// built\n')
  return root
}

describe('npm start builds only when the sources changed', () => {
  it('asks for a build without a stamp, not after one, and again once a source changes', () => {
    const root = checkout()
    const first = stamp.staleHash(root)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    stamp.writeStamp(root, first as string)
    expect(stamp.staleHash(root)).toBeNull()
    writeFileSync(join(root, 'src/core/a.ts'), 'export const a = 2\n')
    expect(stamp.staleHash(root)).not.toBeNull()
    writeFileSync(join(root, 'src/core/a.ts'), 'export const a = 1\n')
    expect(stamp.staleHash(root)).toBeNull()
  })

  it('sees a new file, a config change, and a missing build', () => {
    const root = checkout()
    stamp.writeStamp(root, stamp.sourceHash(root))
    writeFileSync(join(root, 'src/core/b.ts'), '')
    expect(stamp.staleHash(root)).not.toBeNull()
    stamp.writeStamp(root, stamp.sourceHash(root))
    writeFileSync(join(root, 'package.json'), '{"x":1}\n')
    expect(stamp.staleHash(root)).not.toBeNull()
    const other = checkout()
    stamp.writeStamp(other, stamp.sourceHash(other))
    expect(stamp.staleHash(other)).toBeNull()
    rmSync(join(other, 'out'), { recursive: true })
    expect(stamp.staleHash(other)).not.toBeNull()
    const fresh = checkout()
    expect(stamp.staleHash(fresh)).not.toBeNull() // built once by hand, never stamped
  })
})

describe('what the source hash reads', () => {
  it('ignores scratch data under bench/tmp and files the build does not read', () => {
    const root = checkout()
    stamp.writeStamp(root, stamp.sourceHash(root))
    mkdirSync(join(root, 'bench/tmp'), { recursive: true })
    writeFileSync(join(root, 'bench/tmp/big.pricelab'), 'x'.repeat(1000))
    writeFileSync(join(root, 'bench/tmp/scratch.ts'), '')
    writeFileSync(join(root, 'src/core/notes.txt'), 'not built')
    expect(stamp.staleHash(root)).toBeNull()
    writeFileSync(join(root, 'bench/index.ts'), '')
    expect(stamp.staleHash(root)).not.toBeNull()
  })
})
