/**
 * Is out/ built from the sources as they are now? A hash of every input of `electron-vite build`
 * (sources, configs, lock file), compared with the one written after the last build, so `npm start`
 * builds only when something changed instead of on every launch.
 */
const { createHash } = require('node:crypto')
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs')
const { join, relative } = require('node:path')
const { spawnSync } = require('node:child_process')

const INPUTS = [
  'src',
  'bench',
  'scripts/precompress.ts',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json'
]
const STAMP = 'out/.source-hash'

// What the build reads: code, styles, markup, JSON; not the bench's scratch data (bench/tmp holds big files).
const SOURCE = /\.(ts|tsx|mts|cts|js|cjs|mjs|json|html|css|svg|png|ico|woff2?)$/
const SKIP = /(^|[/\\])(tmp|node_modules|out)([/\\]|$)/

function listInputs(root) {
  const acc = []
  for (const p of INPUTS) {
    const full = join(root, p)
    if (!existsSync(full)) continue
    if (!statSync(full).isDirectory()) acc.push(full)
    else
      for (const e of readdirSync(full, { withFileTypes: true, recursive: true })) {
        const path = join(e.parentPath, e.name)
        if (e.isFile() && SOURCE.test(e.name) && !SKIP.test(relative(root, path))) acc.push(path)
      }
  }
  return acc.sort()
}

/** Hash of the build's inputs: paths and contents (mtimes change on checkout without a change of content). */
function sourceHash(root) {
  const h = createHash('sha256')
  for (const f of listInputs(root)) {
    h.update(relative(root, f))
    h.update('\0')
    h.update(readFileSync(f))
    h.update('\0')
  }
  return h.digest('hex')
}

/** The sources' hash when out/ is missing or was built from other sources (build, then stamp it); null when up to date. */
function staleHash(root) {
  const hash = sourceHash(root)
  const stamp = join(root, STAMP)
  const built = existsSync(join(root, 'out/main/server.js')) && existsSync(stamp)
  return built && readFileSync(stamp, 'utf8').trim() === hash ? null : hash
}

/** Records that out/ holds the build of these sources (hashed before the build started, so an edit during it rebuilds next time). */
function writeStamp(root, hash) {
  writeFileSync(join(root, STAMP), hash + '\n')
}

/** Builds out/ if its sources changed: what `npm start` runs first. Returns whether it built. */
function buildIfChanged(root) {
  const hash = staleHash(root)
  if (!hash) return false
  const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js')
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status})`)
  writeStamp(root, hash)
  return true
}

module.exports = { sourceHash, staleHash, writeStamp, buildIfChanged, STAMP }

// `node bin/build-stamp.cjs`: stamp out/ after `npm run build`, so the next `npm start` does not build again.
if (require.main === module) writeStamp(join(__dirname, '..'), sourceHash(join(__dirname, '..')))
