// Lint-time check: no import circle inside src/backend, none between src/shared and src/core.
// Reads every import (static, re-export, type-only and dynamic) of the .ts/.tsx files under src,
// finds the strongly connected components and fails (exit 1) naming each circle it finds.
// Usage: node scripts/import-circles.cjs [--all]
//   --all: also list circles inside src/core or src/shared alone.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const src = path.join(root, 'src')
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm

function sourceFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) sourceFiles(p, out)
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

/** The file a relative specifier names, as the bundler resolves it (file before folder index). */
function resolveSpecifier(from, spec) {
  const base = path.resolve(path.dirname(from), spec)
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx')
  ]
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null
}

function importGraph(files) {
  const graph = new Map()
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8')
    const deps = new Set()
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveSpecifier(f, m[2])
      if (target && /\.tsx?$/.test(target)) deps.add(target)
    }
    graph.set(f, deps)
  }
  return graph
}

/** Tarjan's strongly connected components of the graph restricted to `nodes`; only those that form a circle. */
function circles(graph, nodes) {
  const inside = new Set(nodes)
  const index = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const found = []
  let next = 0
  const visit = (v) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)))
    }
    if (low.get(v) === index.get(v)) {
      const scc = []
      let w
      do {
        w = stack.pop()
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || graph.get(v)?.has(v)) found.push(scc.sort())
    }
  }
  for (const v of nodes) if (!index.has(v)) visit(v)
  return found
}

const rel = (f) => path.relative(root, f).split(path.sep).join('/')
const under = (dir) => (f) => rel(f).startsWith(`src/${dir}/`)

const files = sourceFiles(src)
const graph = importGraph(files)
const problems = []

for (const scc of circles(graph, files.filter(under('backend'))))
  problems.push({ where: 'src/backend', files: scc })

const sharedOrCore = files.filter((f) => under('shared')(f) || under('core')(f))
for (const scc of circles(graph, sharedOrCore)) {
  const crosses = scc.some(under('shared')) && scc.some(under('core'))
  if (crosses) problems.push({ where: 'src/shared ↔ src/core', files: scc })
  else if (process.argv.includes('--all')) console.log(`(inside one layer) ${scc.map(rel).join(', ')}`)
}

for (const p of problems)
  console.error(`import circle in ${p.where} (${p.files.length} files):\n  ${p.files.map(rel).join('\n  ')}`)
if (problems.length) {
  console.error(
    `${problems.length} import circle(s): break each by moving the shared name to the layer both sides may import`
  )
  process.exit(1)
} else console.log('import circles: none in src/backend, none between src/shared and src/core')
