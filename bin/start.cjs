#!/usr/bin/env node
/**
 * `npm start`: opens PriceLab. With the Electron binary installed it opens the
 * desktop window; without it (e.g. installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)
 * it serves the same app on 127.0.0.1 and prints the URL to open in a browser.
 * Either way the sample project is generated on first start. It builds out/ first only when
 * the sources changed since the last build (bin/build-stamp.cjs), so an unchanged app opens at once.
 */
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { spawn, spawnSync } = require('node:child_process')
const native = require('../scripts/electron-native.cjs')

const { buildIfChanged } = require('./build-stamp.cjs')

const root = join(__dirname, '..')
const extra = process.argv.slice(2)
try {
  if (buildIfChanged(root))
    process.stderr.write('Built PriceLab (its sources changed since the last build).\n')
} catch (e) {
  process.stderr.write(`pricelab: ${e.message}\n`)
  process.exit(1)
}

function electronBinary() {
  if (process.env.PRICELAB_BROWSER === '1') return null
  return native.electronBinary()
}

const electron = electronBinary()
// The window needs better-sqlite3 built for Electron's ABI: build it once if it is missing.
if (electron && !existsSync(native.electronBindingPath()))
  spawnSync(process.execPath, [join(root, 'scripts/rebuild-electron.cjs')], { stdio: 'inherit' })
const child = electron
  ? spawn(electron, [root, ...extra], { stdio: 'inherit' })
  : spawn(process.execPath, [join(root, 'out/main/server.js'), ...extra], { stdio: 'inherit' })
if (!electron) process.stderr.write('Electron is not installed here: starting PriceLab in browser mode.\n')
child.on('exit', (code) => process.exit(code ?? 0))
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
