import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, matchesGlob } from 'node:path'

/**
 * The installer configuration cannot be exercised here in full (electron-builder downloads
 * Electron and the installer tools), so its settings are checked as written, and against
 * electron-builder's own schema. `node scripts/package-smoke.cjs` runs the packaging itself
 * with a stand-in Electron binary.
 */
const root = join(__dirname, '../..')
const load = createRequire(__filename)
type Target = string | { target: string; arch?: string[] }
interface BuilderConfig {
  asar: boolean
  asarUnpack: string[]
  files: string[]
  npmRebuild: boolean
  electronFuses: Record<string, boolean>
  win: { target: Target[] }
  nsis: Record<string, unknown>
  mac: { target: Target[]; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string }
  linux: { target: Target[] }
}
const config = load(join(root, 'electron-builder.cjs')) as BuilderConfig
const targets = (ts: Target[]) => ts.map((t) => (typeof t === 'string' ? t : t.target))

/** electron-builder's `files` semantics: patterns in order, a later `!pattern` excludes. */
function packed(file: string): boolean {
  let inside = false
  for (const p of config.files)
    if (p.startsWith('!')) {
      if (matchesGlob(file, p.slice(1))) inside = false
    } else if (matchesGlob(file, p)) inside = true
  return inside
}

describe('installer configuration (electron-builder.cjs)', () => {
  it('is valid for electron-builder (its own schema: a misspelt or misplaced key fails)', async () => {
    const { validateConfiguration } = load('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(c: unknown, log: unknown): Promise<void>
    }
    const { DebugLogger } = load('builder-util') as { DebugLogger: new (on: boolean) => unknown }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(
      validateConfiguration(
        { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } },
        new DebugLogger(false)
      )
    ).rejects.toThrow(/electronFuses/)
  })

  it('builds NSIS on Windows, a dmg on macOS, AppImage and deb on Linux', () => {
    expect(targets(config.win.target)).toEqual(['nsis'])
    expect(targets(config.mac.target)).toEqual(['dmg'])
    expect(targets(config.linux.target).sort()).toEqual(['AppImage', 'deb'])
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, deleteAppDataOnUninstall: false })
  })

  it('macOS: hardened runtime with the least entitlements, ready for signing and notarization', () => {
    expect(config.mac.hardenedRuntime).toBe(true)
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(join(root, file), 'utf8')
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])
      expect(keys).toEqual(['com.apple.security.cs.allow-jit'])
    }
  })

  it('sets the fuses that harden a packaged app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
    // Integrity validation and asar-only loading mean nothing without an asar.
    expect(config.asar).toBe(true)
  })

  it('unpacks better-sqlite3’s binary (native code cannot load from the archive) and nothing of ours', () => {
    const native = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'
    expect(config.asarUnpack.some((g) => matchesGlob(native, g))).toBe(true)
    for (const ours of ['out/main/index.js', 'out/main/training.worker.js', 'out/main/chunks/backend-x.js'])
      expect(
        config.asarUnpack.some((g) => matchesGlob(ours, g)),
        ours
      ).toBe(false)
    expect(config.npmRebuild).toBe(true)
  })

  it('packs the built main, worker, preload and renderer; no benchmark, no source maps, no sources', () => {
    for (const f of [
      'out/main/index.js',
      'out/main/training.worker.js',
      'out/main/chunks/backend-x.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'package.json'
    ])
      expect(packed(f), f).toBe(true)
    for (const f of [
      'out/main/bench.js',
      'out/main/index.js.map',
      'src/main/index.ts',
      'test/main/ipc.test.ts'
    ])
      expect(packed(f), f).toBe(false)
  })

  it('installing downloads nothing new: every dependency with an install script is reviewed in allowScripts', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>
      scripts: Record<string, string>
    }
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>
    }
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
    for (const name of withScripts) expect(pkg.allowScripts, name).toHaveProperty(name)
    // The only scripts allowed to run: better-sqlite3 (prebuilt or compiled), electron (skipped
    // with ELECTRON_SKIP_BINARY_DOWNLOAD=1), esbuild (a local platform package).
    expect(
      Object.keys(pkg.allowScripts)
        .filter((k) => pkg.allowScripts[k])
        .sort()
    ).toEqual(['better-sqlite3', 'electron', 'esbuild'])
    expect(pkg.scripts['rebuild:electron']).toMatch(/rebuild-electron\.cjs/)
    expect(pkg.scripts.dist).toMatch(/dist\.cjs/)
    expect(existsSync(join(root, 'scripts/package-smoke.cjs'))).toBe(true)
  })
})
