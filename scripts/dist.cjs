#!/usr/bin/env node
/**
 * `npm run dist [-- --win|--mac|--linux]`: builds the app and its installers with electron-builder
 * (configuration: electron-builder.cjs). Needs a network connection: electron-builder downloads
 * Electron, Electron's headers (to rebuild better-sqlite3 for it) and the NSIS/AppImage tools.
 * electron-builder rebuilds better-sqlite3 in node_modules for Electron; Node's build is put back
 * afterwards so the CLI, browser mode and the tests keep working in this checkout.
 */
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')
const { root, keepingNodeBuild } = require('./electron-native.cjs')

const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1

keepingNodeBuild(async () => {
  const built = run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])
  if (built !== 0) return built
  return run([
    join(root, 'node_modules/electron-builder/cli.js'),
    '--config',
    'electron-builder.cjs',
    ...process.argv.slice(2)
  ])
}).then((code) => process.exit(code))
