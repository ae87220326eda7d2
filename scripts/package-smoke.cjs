#!/usr/bin/env node
/**
 * `node scripts/package-smoke.cjs`: runs electron-builder's real packaging (Linux `dir` target)
 * offline, with a stand-in for the Electron binary: a file that carries Electron's fuse wire
 * (sentinel + Electron's default fuses) so electron-builder flips the fuses as it would in the
 * real binary. Checks what ends up in the package: our built files in app.asar (no sources,
 * maps or benchmark), better-sqlite3's binary unpacked, and the fuses as electron-builder.cjs sets
 * them. What it cannot do here: download Electron, rebuild better-sqlite3 for Electron's ABI
 * (npmRebuild needs Electron's headers), make the NSIS/dmg/AppImage/deb files or run the app.
 * Run `npm run build` first.
 */
const { mkdtempSync, mkdirSync, writeFileSync, existsSync, readFileSync, chmodSync } = require('node:fs')
const { join } = require('node:path')
const { tmpdir } = require('node:os')
const { spawnSync } = require('node:child_process')

const root = join(__dirname, '..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
// Electron's defaults, in @electron/fuses' FuseV1Options order: RunAsNode, CookieEncryption,
// NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, FileProtocolExtraPrivileges.
const NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges'
]
const DEFAULTS = '10110001'

if (!existsSync(join(root, 'out/main/index.js'))) {
  console.error('package-smoke: run `npm run build` first')
  process.exit(2)
}
const work = mkdtempSync(join(tmpdir(), 'pricelab-package-'))
const dist = join(work, 'electron-dist')
mkdirSync(dist)
const version = require(join(root, 'node_modules/electron/package.json')).version
writeFileSync(
  join(dist, 'electron'),
  Buffer.concat([
    Buffer.from('#!/bin/sh\n# stand-in\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULTS.length]),
    Buffer.from(DEFAULTS),
    Buffer.from('\n')
  ])
)
chmodSync(join(dist, 'electron'), 0o755)
writeFileSync(join(dist, 'version'), version)
const config = join(work, 'config.cjs')
writeFileSync(
  config,
  `const c = require(${JSON.stringify(join(root, 'electron-builder.cjs'))})
module.exports = { ...c, electronDist: ${JSON.stringify(dist)}, electronVersion: ${JSON.stringify(version)}, npmRebuild: false, directories: { ...c.directories, output: ${JSON.stringify(join(work, 'dist'))} } }\n`
)
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--config', config],
  { cwd: root, encoding: 'utf8' }
)
if (r.status !== 0) {
  console.error(r.stdout, r.stderr)
  process.exit(1)
}
const app = join(work, 'dist', 'linux-unpacked')
const asar = require('@electron/asar')
const files = asar.listPackage(join(app, 'resources', 'app.asar'))
const problems = []
const need = (ok, what) => (ok ? console.log(`ok   ${what}`) : problems.push(what))
for (const f of [
  '/out/main/index.js',
  '/out/main/training.worker.js',
  '/out/main/reader.worker.js',
  '/out/main/log-chunk.worker.js',
  '/out/preload/index.js',
  '/out/renderer/index.html',
  '/package.json'
])
  need(files.includes(f), `app.asar holds ${f}`)
need(
  !files.some((f) => f.startsWith('/src/') || f.endsWith('.map') || f === '/out/main/bench.js'),
  'no sources, source maps or benchmark in app.asar'
)
need(
  existsSync(
    join(app, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node')
  ),
  'better_sqlite3.node unpacked beside app.asar'
)
need(
  !files.some((f) => f.startsWith('/node_modules/electron/') || f.startsWith('/node_modules/vitest/')),
  'no devDependencies packed'
)
// The Parquet reader (parquet-wasm) loads its .wasm with readFileSync(__dirname + …): it must stay a
// package in node_modules (not bundled into out/main, where that path would not hold the file) and
// its .wasm must be packed beside its loader, and be a WebAssembly module Electron can compile.
const wasmLoader = '/node_modules/parquet-wasm/node/parquet_wasm.js'
const wasmFile = '/node_modules/parquet-wasm/node/parquet_wasm_bg.wasm'
need(files.includes(wasmLoader) && files.includes(wasmFile), `app.asar holds ${wasmLoader} and ${wasmFile}`)
need(files.includes('/node_modules/apache-arrow/package.json'), 'app.asar holds apache-arrow')
if (files.includes(wasmFile))
  need(
    WebAssembly.validate(asar.extractFile(join(app, 'resources', 'app.asar'), wasmFile.slice(1))),
    'the packed parquet_wasm_bg.wasm is a valid WebAssembly module'
  )
const mainCode = files
  .filter((f) => /^\/out\/main\/.*\.js$/.test(f))
  .map((f) => asar.extractFile(join(app, 'resources', 'app.asar'), f.slice(1)).toString())
need(
  mainCode.some((c) => c.includes('require("parquet-wasm")')) &&
    !mainCode.some((c) => c.includes('parquet_wasm_bg.wasm')),
  'out/main requires parquet-wasm from node_modules (not bundled away from its .wasm)'
)
const bin = readFileSync(join(app, require(join(root, 'package.json')).name))
const at = bin.indexOf(SENTINEL) + SENTINEL.length + 2
const wire = bin.subarray(at, at + DEFAULTS.length).toString()
const want = require(join(root, 'electron-builder.cjs')).electronFuses
NAMES.forEach((n, i) => {
  const expected = want[n] === undefined ? DEFAULTS[i] : want[n] ? '1' : '0'
  need(
    wire[i] === expected,
    `fuse ${n} = ${wire[i] === '1' ? 'on' : 'off'}${want[n] === undefined ? ' (Electron default)' : ''}`
  )
})
console.log(
  `package-smoke: ${files.length} entries in app.asar; ${problems.length ? `FAILED: ${problems.join('; ')}` : 'all checks passed'} (${app})`
)
process.exit(problems.length ? 1 : 0)
