import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  checkNativeModule,
  explainNativeLoadError,
  sqliteBindingForElectron
} from '../../src/main/native-check'
import { openSqlite } from '../../src/backend/sqlite'
import { tempDir } from '../helpers'

/**
 * A native addon that registers itself for another ABI (NODE_MODULE_VERSION 145, as
 * Electron 41 would need), so Node's own loader produces the real mismatch error.
 * Built with the C compiler that built better-sqlite3; no Node headers needed.
 */
function addonForAbi(abi: number): string | null {
  const dir = tempDir()
  const src = join(dir, 'fake.c')
  writeFileSync(
    src,
    `typedef struct { int v; unsigned f; void* d; const char* file; void* reg; void* ctx; const char* name; void* priv; void* link; } mod_t;
extern void node_module_register(void*);
static void init(void* e, void* m, void* p) {}
static mod_t mod = { ${abi}, 0, 0, __FILE__, (void*)init, 0, "fake", 0, 0 };
static void __attribute__((constructor)) reg(void) { node_module_register(&mod); }
`
  )
  const out = join(dir, 'better_sqlite3.node')
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-o', out, src], { stdio: 'ignore' })
    return out
  } catch {
    return null
  }
}

describe('start-time check of the native database module', () => {
  it('passes with the module as installed (built for this runtime)', () => {
    expect(checkNativeModule()).toBeNull()
  })

  const wrongAbi = addonForAbi(145)
  it.skipIf(!wrongAbi)('explains a module built for another ABI, from Node’s real loader error', () => {
    const p = checkNativeModule(wrongAbi!)
    expect(p).not.toBeNull()
    expect(p!.message).toContain('NODE_MODULE_VERSION 145')
    expect(p!.message).toContain(`NODE_MODULE_VERSION ${process.versions.modules}`)
    expect(p!.message).toMatch(/npm run rebuild:electron/)
  })

  it('reads Electron’s form of the message (module for Node 20, Electron 41 running)', () => {
    const e = Object.assign(
      new Error(
        "The module '/opt/PriceLab/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
          'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\n' +
          'NODE_MODULE_VERSION 145. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).'
      ),
      { code: 'ERR_DLOPEN_FAILED' }
    )
    const p = explainNativeLoadError(e)!
    expect(p.title).toMatch(/database module/)
    expect(p.message).toMatch(
      /built for another runtime \(NODE_MODULE_VERSION 115\).*runs on NODE_MODULE_VERSION 145/
    )
  })

  it('tells a missing build and a wrong processor apart; other errors are not guessed at', () => {
    expect(
      explainNativeLoadError(
        new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node')
      )!.message
    ).toMatch(/is missing/)
    expect(explainNativeLoadError(new Error('/x/better_sqlite3.node: invalid ELF header'))!.message).toMatch(
      /another system or processor/
    )
    expect(explainNativeLoadError(new Error('SQLITE_CANTOPEN: unable to open database file'))).toBeNull()
  })

  it('a module that does not load at all is still reported, not thrown', () => {
    const p = checkNativeModule(join(tempDir(), 'nothing-here.node'))
    expect(p).not.toBeNull()
    expect(p!.message.length).toBeGreaterThan(0)
  })

  it.skipIf(!wrongAbi)(
    'the binding chosen for Electron is the one every connection loads (workers inherit it)',
    () => {
      const saved = process.env.PRICELAB_SQLITE_BINDING
      process.env.PRICELAB_SQLITE_BINDING = wrongAbi!
      try {
        expect(checkNativeModule()!.message).toContain('NODE_MODULE_VERSION 145')
        expect(() => openSqlite(join(tempDir(), 'x.pricelab'))).toThrow(/NODE_MODULE_VERSION 145/)
      } finally {
        if (saved === undefined) delete process.env.PRICELAB_SQLITE_BINDING
        else process.env.PRICELAB_SQLITE_BINDING = saved
      }
    }
  )

  it('Electron loads the rebuilt binary from a checkout, the packaged one when packaged', () => {
    const base = { appPath: '/src/pricelab', electronVersion: '41.7.1' }
    const built = '/src/pricelab/node_modules/.pricelab-electron/better_sqlite3-electron-41.7.1.node'
    expect(sqliteBindingForElectron({ ...base, packaged: false, exists: (p) => p === built })).toBe(built)
    expect(sqliteBindingForElectron({ ...base, packaged: false, exists: () => false })).toBeUndefined()
    expect(sqliteBindingForElectron({ ...base, packaged: true, exists: () => true })).toBeUndefined()
  })
})
