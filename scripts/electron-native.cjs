// Where the Electron binary and the Electron build of better-sqlite3 live. Shared by
// scripts/rebuild-electron.cjs (which makes that build) and bin/start.cjs (which hands it to Electron).
const { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } = require('node:fs')
const { dirname, join } = require('node:path')
const { tmpdir } = require('node:os')

const root = join(__dirname, '..')

/** The Electron executable, or null where it is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1). */
function electronBinary() {
  try {
    const p = require('electron') // the package exports the binary's path, or throws
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

function electronVersion() {
  return require(join(root, 'node_modules/electron/package.json')).version
}

/** Electron's NODE_MODULE_VERSION, as the electron package records it. */
function electronAbi() {
  return readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim()
}

/**
 * The better-sqlite3 binary built for this Electron, kept beside node_modules' own (Node's)
 * build so that Electron, and Node (CLI, browser mode, tests), each load one made for them.
 */
function electronBindingPath() {
  return join(root, 'node_modules', '.pricelab-electron', `better_sqlite3-electron-${electronVersion()}.node`)
}

const nodeBuild = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')

/**
 * Runs `fn` (which rebuilds better-sqlite3 in place for Electron: @electron/rebuild, or
 * electron-builder's npmRebuild) and puts Node's build back afterwards, whatever happened
 * (node-gyp deletes the build folder first): the CLI, browser mode and the tests load it.
 */
async function keepingNodeBuild(fn) {
  const backup = join(mkdtempSync(join(tmpdir(), 'pricelab-sqlite-')), 'better_sqlite3.node')
  if (existsSync(nodeBuild)) copyFileSync(nodeBuild, backup)
  try {
    return await fn()
  } finally {
    if (existsSync(backup)) {
      mkdirSync(dirname(nodeBuild), { recursive: true })
      copyFileSync(backup, nodeBuild)
    }
  }
}

module.exports = {
  root,
  nodeBuild,
  electronBinary,
  electronVersion,
  electronAbi,
  electronBindingPath,
  keepingNodeBuild
}
