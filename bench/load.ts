import { join } from 'node:path'
import { spawn } from 'node:child_process'

interface Sample {
  name: string
  ms: number
  ok: boolean
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10
}

/**
 * Browser mode under load, on 127.0.0.1 only: `clients` concurrent loops (in this
 * process, the server in another) issue
 * read calls (tables, a page of rows, a single-item demand prediction) for a
 * bounded time; then prediction calls alone, to measure predictions per second.
 */
export async function benchLoad(
  tmp: string,
  opts = { clients: 50, mixedSeconds: 30, predictSeconds: 10 }
): Promise<Record<string, unknown>> {
  // The server runs in its own process, as in browser mode; this process only generates load.
  const child = spawn(
    process.execPath,
    [join(__dirname, 'server.js'), '--project', join(tmp, 'elasticity.pricelab'), '--no-open'],
    {
      env: { ...process.env, PRICELAB_HOME: join(tmp, 'home'), DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /browser mode: (\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const server = { url: url.split('#')[0], token: url.split('#token=')[1] }
  const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }
  const call = async (name: string, args: unknown): Promise<Sample> => {
    const t = performance.now()
    try {
      const r = await fetch(`${server.url}api/call`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name, args })
      })
      const body = (await r.json()) as { ok: boolean }
      return { name, ms: performance.now() - t, ok: r.status === 200 && body.ok }
    } catch {
      return { name, ms: performance.now() - t, ok: false }
    }
  }
  const items = Array.from({ length: 2000 }, (_, i) => String(i + 1))
  const predictArgs = (k: number) => ({ items: [{ item: items[k % items.length], price: 40 + (k % 80) }] })
  // Warm the prediction cache (panel load) before measuring.
  await call('elasticity:predict', predictArgs(0))

  const run = async (seconds: number, pick: (k: number) => [string, unknown]) => {
    const samples: Sample[] = []
    const end = performance.now() + seconds * 1000
    let k = 0
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (performance.now() < end) {
          const [name, args] = pick(k++)
          samples.push(await call(name, args))
        }
      })
    )
    return samples
  }
  const mixed = await run(opts.mixedSeconds, (k) =>
    k % 3 === 0
      ? ['data:tables', {}]
      : k % 3 === 1
        ? ['data:rows', { table: 'courses', offset: (k * 37) % 1900, limit: 100 }]
        : ['elasticity:predict', predictArgs(k)]
  )
  const predictOnly = await run(opts.predictSeconds, (k) => ['elasticity:predict', predictArgs(k)])
  child.kill('SIGTERM')
  const by = (name: string, s: Sample[]) => s.filter((x) => x.name === name).map((x) => x.ms)
  return {
    clients: opts.clients,
    mixed_seconds: opts.mixedSeconds,
    mixed_requests: mixed.length,
    mixed_errors: mixed.filter((x) => !x.ok).length,
    mixed_p50_ms: pct(
      mixed.map((x) => x.ms),
      0.5
    ),
    mixed_p99_ms: pct(
      mixed.map((x) => x.ms),
      0.99
    ),
    per_call_p99_ms: Object.fromEntries(
      ['data:tables', 'data:rows', 'elasticity:predict'].map((n) => [n, pct(by(n, mixed), 0.99)])
    ),
    single_item_predictions_per_second: Math.round(
      predictOnly.filter((x) => x.ok).length / opts.predictSeconds
    ),
    prediction_p99_ms: pct(by('elasticity:predict', predictOnly), 0.99),
    prediction_errors: predictOnly.filter((x) => !x.ok).length,
    target_prediction_p99_ms: 200,
    target_predictions_per_second: 1000
  }
}
