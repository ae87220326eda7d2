import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'

// `npm ci` on the README's Node 20 warned EBADENGINE: @electron/rebuild 4.2.1 and node-abi 4.40
// require Node >= 22.12 (issue 28). Every locked package must accept the Node package.json names.
const require = createRequire(import.meta.url)
const semver = require('semver') as {
  satisfies(v: string, range: string): boolean
  minVersion(r: string): { version: string }
}

describe('the locked dependencies and the Node the README names', () => {
  it('every package in package-lock.json accepts the lowest Node of package.json engines', () => {
    const root = join(__dirname, '../..')
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
    const lowest = semver.minVersion(pkg.engines.node).version
    expect(lowest.startsWith('20.')).toBe(true)
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>
    }
    const refused = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && typeof p.engines.node === 'string')
      .filter(([, p]) => !semver.satisfies(lowest, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name}@${p.version}: node ${(p.engines as { node: string }).node}`)
    expect(refused).toEqual([])
  })
})
