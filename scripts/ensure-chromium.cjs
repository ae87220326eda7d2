#!/usr/bin/env node
// The end-to-end tests drive Debian's Chromium (Playwright cannot download browsers here).
// Installs it with apt when missing and running as root; otherwise says what to do.
const { existsSync } = require('node:fs')
const { execSync } = require('node:child_process')
const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)
if (process.getuid && process.getuid() === 0) {
  console.error('Chromium is missing: installing the Debian package (apt-get install chromium)…')
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' })
  process.exit(existsSync(path) ? 0 : 1)
}
console.error(`Chromium not found at ${path}. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH.`)
process.exit(1)
