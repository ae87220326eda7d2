import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'

/**
 * The renderer's shell (everything but the lazily loaded pages) takes values from src/shared/api
 * only through api/envelope.ts: a value import of the api index pulls in zod and every schema,
 * ~100 kB of the first screen's JavaScript the renderer never runs (it does not validate calls).
 */
const PAGES = join(root, 'src/renderer/src/pages')

/** `import { … } from '…/shared/api'` statements that take at least one value (not `import type`, not all `type x`). */
export function valueImportsOfApiIndex(text: string): string[] {
  return [...text.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']*\/shared\/api)'/gm)]
    .filter((m) => !m[1] && m[2].split(',').some((n) => n.trim() && !n.trim().startsWith('type ')))
    .map((m) => m[0])
}

describe('renderer shell and the API index', () => {
  it('imports only types from src/shared/api (values from api/envelope)', () => {
    const shell = sources(join(root, 'src/renderer/src')).filter((f) => !f.startsWith(PAGES))
    expect(shell.length).toBeGreaterThan(10)
    const found = shell.flatMap((f) =>
      valueImportsOfApiIndex(readFileSync(f, 'utf8')).map((s) => `${relative(root, f)}: ${s}`)
    )
    expect(found).toEqual([])
  })

  it('tells a value import from a type import', () => {
    expect(valueImportsOfApiIndex("import { ApiError, type X } from '../../shared/api'")).toHaveLength(1)
    expect(valueImportsOfApiIndex("import type { X } from '../../shared/api'")).toHaveLength(0)
    expect(valueImportsOfApiIndex("import { type X, type Y } from '../../shared/api'")).toHaveLength(0)
    expect(valueImportsOfApiIndex("import { ApiError } from '../../shared/api/envelope'")).toHaveLength(0)
  })
})
