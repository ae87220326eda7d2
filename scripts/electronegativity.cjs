#!/usr/bin/env node
// Electron security review of the built app (out/) with Doyensec's Electronegativity.
// Fails on any HIGH severity finding; prints the rest for review.
const { execFileSync } = require('node:child_process')
const { readFileSync, mkdtempSync } = require('node:fs')
const { join } = require('node:path')
const { tmpdir } = require('node:os')

const root = join(__dirname, '..')
const out = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'report.csv')
const electron = require(join(root, 'node_modules/electron/package.json')).version
execFileSync('npx', ['--yes', '@doyensec/electronegativity@1.10.3', '-i', join(root, 'out'), '-r', electron, '-o', out], {
  stdio: ['ignore', 'ignore', 'inherit'],
  cwd: root
})
const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1)
const findings = rows.map((r) => {
  const [issue, severity, confidence, file, location] = r.split(',')
  return { issue, severity: severity.replace(/"/g, ''), confidence: confidence.replace(/"/g, ''), file: file.replace(/"/g, '').replace(root + '/', ''), location: location.replace(/"/g, '') }
})
for (const f of findings) console.log(`${f.severity.padEnd(8)} ${f.confidence.padEnd(10)} ${f.issue.padEnd(28)} ${f.file}:${f.location}`)
const high = findings.filter((f) => f.severity === 'HIGH')
console.log(`Electronegativity (Electron ${electron}): ${findings.length} findings, ${high.length} high severity`)
process.exit(high.length ? 1 : 0)
