import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'

const STATIC_IMPORT = /(?:import|export)\s*(?:[\w${},\s*]+from\s*)?["']\.\/([\w.-]+\.js)["']/g

/**
 * The JavaScript the first screen loads: the entry's static imports and the overview page's (the page
 * shown first, a lazy chunk). Sizes raw (minified), gzip and brotli, as served in browser mode.
 */
export function firstScreenJs(rendererDir: string): Record<string, unknown> {
  const assets = join(rendererDir, 'assets')
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const entry = /src="\.\/assets\/([\w.-]+\.js)"/.exec(html)?.[1]
  if (!entry) throw new Error('no entry script in index.html')
  const seen = new Set<string>()
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    for (const m of readFileSync(join(assets, name), 'utf8').matchAll(STATIC_IMPORT)) visit(m[1])
  }
  visit(entry)
  const overview = /["']\.\/(OverviewPage-[\w-]+\.js)["']/.exec(
    readFileSync(join(assets, entry), 'utf8')
  )?.[1]
  if (overview) visit(overview)
  let raw = 0
  let gz = 0
  let br = 0
  const files: Record<string, number> = {}
  for (const name of seen) {
    const b = readFileSync(join(assets, name))
    files[name] = b.length
    raw += b.length
    gz += existsSync(join(assets, `${name}.gz`))
      ? readFileSync(join(assets, `${name}.gz`)).length
      : gzipSync(b).length
    br += existsSync(join(assets, `${name}.br`))
      ? readFileSync(join(assets, `${name}.br`)).length
      : brotliCompressSync(b).length
  }
  const kb = (x: number) => Math.round(x / 1024)
  return {
    files,
    raw_kb: kb(raw),
    gzip_kb: kb(gz),
    brotli_kb: kb(br),
    target_raw_kb: 1200,
    all_renderer_js_kb: kb(
      readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .reduce((sum, f) => sum + statSync(join(assets, f)).size, 0)
    )
  }
}

/** Spawns `npm start` (node bin/start.cjs, browser mode) and resolves with the URL line, timed from the spawn. */
function startOnce(root: string, project: string): Promise<{ child: ChildProcess; url: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(
      process.execPath,
      [join(root, 'bin/start.cjs'), '--no-open', '--port', '0', '--project', project],
      { env: { ...process.env, PRICELAB_BROWSER: '1', DISPLAY: '' }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /browser mode: (http:\/\/\S+)/.exec(out)
      if (m) resolve({ child, url: m[1], ms: performance.now() - t0 })
    })
    child.on('exit', (code) => reject(new Error(`start exited ${code}: ${out}`)))
  })
}

/**
 * `npm start` to the first page when nothing changed: the source-hash check, the server's start-up and
 * the first screen's HTML and JavaScript fetched (compressed) over HTTP. Median of several starts.
 */
export async function benchStart(root: string, tmp: string, runs = 5): Promise<Record<string, unknown>> {
  const stamp = createRequire(__filename)(join(root, 'bin/build-stamp.cjs')) as {
    buildIfChanged(root: string): boolean
    staleHash(root: string): string | null
  }
  const built = stamp.buildIfChanged(root)
  let t = performance.now()
  stamp.staleHash(root)
  const hashMs = performance.now() - t
  const project = join(tmp, 'start.pricelab')
  for (const s of ['', '-wal', '-shm']) rmSync(project + s, { force: true })
  // The first start generates the sample project; the timed starts open it.
  const first = await startOnce(root, project)
  first.child.kill('SIGTERM')
  await new Promise((r) => first.child.once('exit', r))
  const screen = firstScreenJs(join(root, 'out/renderer'))
  const files = Object.keys(screen.files as object)
  const serverUp: number[] = []
  const firstPage: number[] = []
  for (let k = 0; k < runs; k++) {
    t = performance.now()
    const s = await startOnce(root, project)
    serverUp.push(s.ms)
    const base = s.url.replace(/#.*$/, '')
    const headers = { 'Accept-Encoding': 'br, gzip' }
    await (await fetch(base, { headers })).text()
    await Promise.all(files.map(async (f) => (await fetch(`${base}assets/${f}`, { headers })).arrayBuffer()))
    firstPage.push(performance.now() - t)
    s.child.kill('SIGTERM')
    await new Promise((r) => s.child.once('exit', r))
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)])
  return {
    note: 'nothing changed since the last build; HTTP-level first page (HTML and first-screen JS fetched compressed, no browser rendering); shared noisy 2-core machine',
    built_before_measuring: built,
    source_hash_check_ms: Math.round(hashMs),
    start_to_server_ready_ms_median: median(serverUp),
    start_to_first_page_ms_median: median(firstPage),
    start_to_first_page_ms_runs: firstPage.map(Math.round),
    target_first_page_ms: 1000,
    first_screen_js: screen
  }
}
