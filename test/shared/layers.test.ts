import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'

/**
 * Imports run one way (issue 32): src/shared (the contract) depends on zod only; src/core implements
 * it; the backend's handler maps call core; the shells (main, preload, server, CLI) and the renderer
 * reach the core only through the backend and the contract. (Issue 18 item 2 started this: the
 * renderer bundle must carry no core code.)
 */

/** Every `import … from '…'` / `export … from '…'` statement of a file, with its module path. */
function fromStatements(file: string): { text: string; path: string }[] {
  const src = readFileSync(file, 'utf8')
  return [...src.matchAll(/^(?:import|export)\b[^;'"]*?\bfrom\s+'([^']+)'/gms)].map((m) => ({
    text: m[0],
    path: m[1]
  }))
}

const intoCore = (p: string) => /(^|\/)core(\/|$)/.test(p) && p.startsWith('.')
const intoBackend = (p: string) => /(^|\/)backend(\/|$)/.test(p) && p.startsWith('.')

function leaks(folder: string, bad: (path: string, file: string) => boolean): string[] {
  return sources(join(root, folder)).flatMap((f) =>
    fromStatements(f)
      .filter((s) => bad(s.path, f))
      .map((s) => `${relative(root, f)}: ${s.path}`)
  )
}

describe('layers', () => {
  it('the renderer imports nothing from src/core or src/backend', () => {
    expect(leaks('src/renderer', (p) => intoCore(p) || intoBackend(p))).toEqual([])
  })

  it('src/shared imports nothing but zod and other src/shared files', () => {
    const sharedRoot = join(root, 'src/shared')
    const outside = (p: string, file: string) =>
      p.startsWith('.') ? !join(file, '..', p).startsWith(sharedRoot) : p !== 'zod'
    expect(leaks('src/shared', outside)).toEqual([])
  })

  it('the shells (main, preload, server, CLI) reach src/core only through the backend', () => {
    expect(['src/main', 'src/preload', 'src/server', 'src/cli'].flatMap((f) => leaks(f, intoCore))).toEqual(
      []
    )
  })

  it('core and backend pass on no contract name (one owner per name: no re-export of src/shared)', () => {
    const intoShared = (p: string) => /(^|\/)shared(\/|$)/.test(p) && p.startsWith('.')
    const reexports = ['src/core', 'src/backend'].flatMap((folder) =>
      sources(join(root, folder)).flatMap((f) =>
        fromStatements(f)
          .filter((s) => s.text.startsWith('export') && intoShared(s.path))
          .map((s) => `${relative(root, f)}: ${s.path}`)
      )
    )
    expect(reexports).toEqual([])
  })

  it('finds the statements it checks (the scan is not vacuous)', () => {
    const shared = sources(join(root, 'src/shared')).flatMap(fromStatements)
    expect(shared.filter((s) => s.path === 'zod').length).toBeGreaterThan(20)
    expect(sources(join(root, 'src/renderer')).flatMap(fromStatements).length).toBeGreaterThan(100)
    const cli = sources(join(root, 'src/cli')).flatMap(fromStatements)
    expect(cli.filter((s) => intoBackend(s.path)).length).toBeGreaterThan(3)
  })
})
