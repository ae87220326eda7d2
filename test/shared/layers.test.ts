import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'

/**
 * The renderer bundle must carry no core code (issue 18 item 2). ESLint forbids core paths in the
 * renderer; this also checks the other door: src/shared, which the renderer imports, may take only
 * types from core (an `import type` leaves nothing in the bundle, a value import drags core in).
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

describe('layers', () => {
  it('the renderer imports nothing from src/core', () => {
    const leaks = sources(join(root, 'src/renderer')).flatMap((f) =>
      fromStatements(f)
        .filter((s) => intoCore(s.path))
        .map((s) => `${relative(root, f)}: ${s.path}`)
    )
    expect(leaks).toEqual([])
  })

  it('src/shared takes only types from src/core', () => {
    const values = sources(join(root, 'src/shared')).flatMap((f) =>
      fromStatements(f)
        .filter((s) => intoCore(s.path) && !/^(import|export)\s+type\b/.test(s.text))
        .map((s) => `${relative(root, f)}: ${s.path}`)
    )
    expect(values).toEqual([])
  })

  it('finds the statements it checks (the scan is not vacuous)', () => {
    const shared = sources(join(root, 'src/shared')).flatMap(fromStatements)
    expect(shared.filter((s) => intoCore(s.path)).length).toBeGreaterThan(10)
    expect(sources(join(root, 'src/renderer')).flatMap(fromStatements).length).toBeGreaterThan(100)
  })
})
