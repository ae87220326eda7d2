import { join } from 'node:path'
import Database from 'better-sqlite3'

export interface NativeProblem {
  title: string
  message: string
}

const REBUILD =
  'Rebuild it for this Electron with `npm run rebuild:electron` (installers made with `npm run dist` are rebuilt already).'

/**
 * Turns the error better-sqlite3 throws when its compiled part cannot load into a
 * message a user can act on. The usual case: the module was compiled for Node.js
 * (npm install does that) and Electron embeds a Node with another ABI, so loading
 * fails with "NODE_MODULE_VERSION 115 ... requires NODE_MODULE_VERSION 145".
 */
export function explainNativeLoadError(e: unknown): NativeProblem | null {
  const text = e instanceof Error ? e.message : String(e)
  const abi = /NODE_MODULE_VERSION\s+(\d+)[\s\S]*?requires\s+NODE_MODULE_VERSION\s+(\d+)/.exec(text)
  if (abi)
    return {
      title: 'PriceLab cannot open its database module',
      message: `The database module (better-sqlite3) was built for another runtime (NODE_MODULE_VERSION ${abi[1]}), but this PriceLab runs on NODE_MODULE_VERSION ${abi[2]}. ${REBUILD}`
    }
  if (/Could not locate the bindings file|Cannot find module .*better_sqlite3\.node/i.test(text))
    return {
      title: 'PriceLab cannot find its database module',
      message: `The compiled part of the database module (better-sqlite3) is missing. ${REBUILD}\n\n${text}`
    }
  if (
    /invalid ELF header|wrong ELF class|not a valid Win32 application|wrong architecture|ERR_DLOPEN_FAILED/i.test(
      text
    )
  )
    return {
      title: 'PriceLab cannot load its database module',
      message: `The database module (better-sqlite3) was built for another system or processor. ${REBUILD}\n\n${text}`
    }
  return null
}

/**
 * Loads better-sqlite3's compiled part once (it loads lazily, on the first database
 * opened), so a mismatch is found at start-up with a clear message rather than as a
 * crash in the middle of opening the project. `nativeBinding` is for tests.
 */
export function checkNativeModule(nativeBinding = process.env.PRICELAB_SQLITE_BINDING): NativeProblem | null {
  try {
    new Database(':memory:', nativeBinding ? { nativeBinding } : {}).close()
    return null
  } catch (e) {
    return (
      explainNativeLoadError(e) ?? {
        title: 'PriceLab cannot open its database module',
        message: (e as Error).message
      }
    )
  }
}

/**
 * Which better-sqlite3 binary the Electron shell (and its worker threads, which inherit
 * the environment) load. Packaged: the one in the app, rebuilt for Electron by
 * electron-builder. From a checkout: the build `npm run rebuild:electron` keeps beside
 * Node's in node_modules/.pricelab-electron/, when present. The variable is always set or
 * cleared here, so it cannot be used from outside to load another library into the app.
 */
export function sqliteBindingForElectron(opts: {
  packaged: boolean
  appPath: string
  electronVersion: string
  exists(path: string): boolean
}): string | undefined {
  if (opts.packaged) return undefined
  const p = join(
    opts.appPath,
    'node_modules',
    '.pricelab-electron',
    `better_sqlite3-electron-${opts.electronVersion}.node`
  )
  return opts.exists(p) ? p : undefined
}
