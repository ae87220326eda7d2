import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { Backend } from '../src/backend/backend'

/**
 * `npm run bench -- serve`: the public API of `pricelab serve` under autocannon on 127.0.0.1
 * (50 connections), beside a plain node:http hello server on the same machine. Each server is
 * its own process; autocannon runs in this one, so it shares the 2 cores with the server.
 */
export async function benchServe(tmp: string, seconds = 10): Promise<Record<string, unknown>> {
  const load = () => loadavg().map((x) => Math.round(x * 100) / 100)
  const loadBefore = load()
  const edtech = await project(join(tmp, 'serve-edtech.pricelab'), 'edtech')
  const retail = await project(join(tmp, 'serve-retail.pricelab'), 'retail')

  const hello = await startProcess(process.execPath, [
    '-e',
    "require('node:http').createServer((q, s) => { s.setHeader('Content-Type', 'application/json'); s.end('{\"hello\":\"world\"}') }).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port) })"
  ])
  const helloRun = await cannon({ url: hello.url, seconds }, hello.child)
  hello.child.kill()

  const e = await startServe(tmp, edtech)
  const token = { Authorization: `Bearer ${e.token}`, 'Content-Type': 'application/json' }
  const ids = (await (await fetch(`${e.url}/v1/price-sheet`, { headers: token })).json()) as {
    items: { id: string; current_price: number }[]
  }
  const body = (n: number) =>
    JSON.stringify({ items: ids.items.slice(0, n).map((r) => ({ id: r.id, price: r.current_price * 1.05 })) })
  const one = await cannon(
    {
      url: `${e.url}/v1/demand`,
      method: 'POST',
      headers: token,
      body: body(1),
      seconds
    },
    e.child
  )
  const hundred = await cannon(
    {
      url: `${e.url}/v1/demand`,
      method: 'POST',
      headers: token,
      body: body(100),
      seconds
    },
    e.child
  )
  e.child.kill()

  const r = await startServe(tmp, retail)
  const sheetMs: number[] = []
  let items = 0
  for (let k = 0; k < 21; k++) {
    const t0 = performance.now()
    const res = await fetch(`${r.url}/v1/price-sheet`, { headers: { Authorization: `Bearer ${r.token}` } })
    items = ((await res.json()) as { items: unknown[] }).items.length
    sheetMs.push(performance.now() - t0)
  }
  r.child.kill()
  const first = sheetMs[0]
  const rest = sheetMs.slice(1).sort((a, b) => a - b)
  return {
    note: 'servers and autocannon share the 2 cores with other sessions: read the figures with the load average',
    load_average_before: loadBefore,
    load_average_after: load(),
    connections: 50,
    seconds,
    hello_node_http: helloRun,
    demand_one_item: one,
    demand_100_items: hundred,
    demand_one_item_share_of_hello: Math.round((one.requests_per_s / helloRun.requests_per_s) * 100) / 100,
    retail_price_sheet: {
      items,
      first_ms: round1(first),
      median_ms: round1(rest[Math.floor(rest.length / 2)]),
      max_ms: round1(rest[rest.length - 1])
    },
    load_ms: { edtech: e.loadMs, retail: r.loadMs },
    start_to_listening_ms: { edtech: e.startMs, retail: r.startMs }
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10

/** A sample project with a price sheet (OLS, causal demand); the EdTech one with learner scores too. */
async function project(path: string, kind: 'edtech' | 'retail'): Promise<string> {
  if (existsSync(path)) return path
  const b = new Backend({ mode: 'cli', version: 'bench' })
  try {
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 42, scale: 1, kind })
    await b.call('elasticity:train', {
      jobId: 'e',
      dataset: kind === 'retail' ? 'retail_sample' : undefined,
      models: ['ols']
    })
    await b.call('pricing:optimize', { model: 'ols' })
    if (kind === 'edtech') await b.call('propensity:train', { jobId: 'p', targets: ['enrollment'] })
  } catch (e) {
    b.close()
    rmSync(path, { force: true })
    throw e
  }
  b.close()
  return path
}

async function startProcess(
  cmd: string,
  args: string[]
): Promise<{ child: ChildProcess; url: string; err: () => string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)))
  })
  return { child, url, err: () => err }
}

/** `pricelab serve` in its own process; no rate limit (the bench measures capacity). */
async function startServe(tmp: string, path: string) {
  const tokenFile = join(tmp, 'serve.token')
  const t0 = performance.now()
  const s = await startProcess(process.execPath, [
    join(__dirname, 'cli.js'),
    'serve',
    '--project',
    path,
    '--port',
    '0',
    '--token-file',
    tokenFile,
    '--rate-limit',
    '0'
  ])
  const startMs = Math.round(performance.now() - t0)
  // The load time is on stderr, written just before the listening line on stdout.
  while (!/loaded in \d+ ms/.test(s.err())) await once(s.child.stderr!, 'data')
  const m = /loaded in (\d+) ms \((\d+) ms CPU\)/.exec(s.err())
  const loadMs = { wall: Number(m?.[1]), cpu: Number(m?.[2]) }
  return { ...s, token: readFileSync(tokenFile, 'utf8').trim(), startMs, loadMs }
}

interface CannonOpts {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  seconds: number
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return NaN
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(f[11]) + Number(f[12])) * 10
}

/**
 * autocannon against one server, with the server's own CPU time per request: on a shared machine
 * the requests per second measure the other sessions too, the CPU per request much less so.
 */
async function cannon(o: CannonOpts, server: ChildProcess) {
  const cpu0 = cpuOf(server.pid)
  const r = await autocannon({
    url: o.url,
    method: o.method ?? 'GET',
    headers: o.headers,
    body: o.body,
    connections: 50,
    duration: o.seconds
  })
  const cpuMs = cpuOf(server.pid) - cpu0
  return {
    requests_per_s: Math.round(r.requests.average),
    server_cpu_ms: cpuMs,
    server_cpu_us_per_request: Math.round((cpuMs * 1000) / r.requests.total),
    latency_p50_ms: r.latency.p50,
    latency_p99_ms: r.latency.p99,
    latency_max_ms: r.latency.max,
    requests: r.requests.total,
    non_2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts
  }
}
