#!/usr/bin/env node
// Checks that every relative link in the Markdown docs (README.md, docs/, bench/README.md) points at a file that
// exists and, for `#anchor` links, at a heading of that file (GitHub's heading slugs). Usage: node scripts/check-doc-links.cjs
'use strict'
const { existsSync, readFileSync, readdirSync } = require('node:fs')
const { dirname, join, relative, resolve } = require('node:path')

const root = resolve(__dirname, '..')
const files = [
  'README.md',
  'bench/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
].map((f) => join(root, f))

/** GitHub's anchor of a heading: lower case, punctuation dropped (but - and _), spaces to hyphens, repeats numbered. */
function slugs(markdown) {
  const seen = new Map()
  const out = new Set()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line)
    if (!m) continue
    const base = m[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n ? `${base}-${n}` : base)
  }
  return out
}

let bad = 0
let checked = 0
for (const file of files) {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
  for (const m of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const target = m[1]
    if (/^[a-z]+:/i.test(target)) continue
    checked++
    const [path, anchor] = target.split('#')
    const dest = path ? resolve(dirname(file), path) : file
    const where = `${relative(root, file)}: ${target}`
    if (!existsSync(dest)) {
      console.error(`${where}: no file ${relative(root, dest)}`)
      bad++
    } else if (anchor !== undefined && !slugs(readFileSync(dest, 'utf8')).has(anchor)) {
      console.error(`${where}: no heading #${anchor} in ${relative(root, dest)}`)
      bad++
    }
  }
}
console.log(`${checked} relative links checked, ${bad} broken`)
process.exit(bad ? 1 : 0)
