#!/usr/bin/env node
// `npx pricelab …`: runs the built CLI, building it first on a fresh clone.
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { spawnSync } = require('node:child_process')
const root = join(__dirname, '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('pricelab: building the app once (npm run build)…\n')
  const r = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
require(cli).main()
