#!/usr/bin/env node
/**
 * `npm run rebuild:electron` (also run after `npm install`): builds better-sqlite3 for the
 * installed Electron's ABI with @electron/rebuild. npm builds it for Node; Electron embeds
 * another Node (NODE_MODULE_VERSION 145 for Electron 41 vs 115 for Node 20), so the app
 * window needs its own build. Node's build is put back afterwards and the Electron one kept
 * in node_modules/.pricelab-electron/, so the CLI, browser mode and the tests keep working.
 *
 * Where the Electron binary is not installed it says so and does nothing. After `npm install`
 * (--after-install) a failure is reported but does not fail the install: the app then shows a
 * dialog naming this command at start. Installers (`npm run dist`) rebuild on their own.
 */
const { copyFileSync, mkdirSync } = require('node:fs')
const { dirname } = require('node:path')
const native = require('./electron-native.cjs')

const afterInstall = process.argv.includes('--after-install')
const dryRun = process.argv.includes('--dry-run')
const say = (line) => console.log(`rebuild:electron: ${line}`)

async function main() {
  const binary = native.electronBinary()
  if (!binary) {
    say(
      `skipped: the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1?). better-sqlite3 stays built for Node ${process.version} (NODE_MODULE_VERSION ${process.versions.modules}), which the CLI, browser mode and the tests use.`
    )
    return 0
  }
  const version = native.electronVersion()
  const target = native.electronBindingPath()
  say(
    `building better-sqlite3 for Electron ${version} (NODE_MODULE_VERSION ${native.electronAbi()}) into ${target}`
  )
  if (dryRun) return 0
  let rebuild
  try {
    ;({ rebuild } = await import('@electron/rebuild'))
  } catch {
    say('@electron/rebuild is not installed: run `npm install` (it is a devDependency) and try again.')
    return 1
  }
  await native.keepingNodeBuild(async () => {
    await rebuild({
      buildPath: native.root,
      electronVersion: version,
      onlyModules: ['better-sqlite3'],
      force: true
    })
    mkdirSync(dirname(target), { recursive: true })
    copyFileSync(native.nodeBuild, target)
  })
  say(`done: Electron will load ${target}`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    say(`failed: ${e && e.message ? e.message : e}`)
    if (afterInstall) say('the install goes on; the desktop app will say at start that this step is needed.')
    process.exit(afterInstall ? 0 : 1)
  }
)
