import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers'

const root = join(__dirname, '../..')
const script = join(root, 'scripts/rebuild-electron.cjs')
const native = createRequire(__filename)(join(root, 'scripts/electron-native.cjs')) as {
  electronBinary(): string | null
  electronAbi(): string
}

function run(env: Record<string, string>, ...args: string[]) {
  const { ELECTRON_OVERRIDE_DIST_PATH: _drop, ...rest } = process.env
  return spawnSync(process.execPath, [script, ...args], { env: { ...rest, ...env }, encoding: 'utf8' })
}

describe('npm run rebuild:electron', () => {
  it.skipIf(native.electronBinary() !== null)(
    'says clearly that it skips where the Electron binary is absent',
    () => {
      const r = run({})
      expect(r.status).toBe(0)
      expect(r.stdout).toMatch(/^rebuild:electron: skipped: the Electron binary is not installed here/)
      expect(r.stdout).toContain(`NODE_MODULE_VERSION ${process.versions.modules}`)
    }
  )

  it('where the binary exists, targets Electron’s ABI and keeps its build beside Node’s', () => {
    const dist = tempDir()
    writeFileSync(join(dist, 'electron'), '')
    const r = run({ ELECTRON_OVERRIDE_DIST_PATH: dist }, '--dry-run')
    expect(r.status).toBe(0)
    expect(native.electronAbi()).toMatch(/^\d+$/)
    expect(r.stdout).toContain(`(NODE_MODULE_VERSION ${native.electronAbi()})`)
    expect(r.stdout).toMatch(/node_modules\/\.pricelab-electron\/better_sqlite3-electron-[\d.]+\.node/)
  })
})
