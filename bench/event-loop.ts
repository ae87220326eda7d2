import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { packModel, unpackModel } from '../src/core/elasticity/model-store'
import { callThroughServer } from './browser-train'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The CPU time the main thread spent deflating the run's stored forest: what saveRun cost it before issue 33. */
function mainThreadPackMs(path: string, runId: number): number {
  const db = openSqlite(path, { readonly: true, mustExist: true })
  try {
    const row = db
      .prepare<{ model_json: Uint8Array }>("SELECT model_json FROM models WHERE run_id = ? AND kind = 'rf'")
      .get(runId)
    const text = row ? unpackModel(row.model_json) : null
    if (text === null) return NaN
    const c0 = process.cpuUsage()
    packModel(text)
    const c = process.cpuUsage(c0)
    return (c.user + c.system) / 1000
  } finally {
    db.close()
  }
}

/**
 * The server's event loop while six models and DML train on the sample in browser mode
 * (`npm run bench -- loop [scale] [runs]`, default the full sample, 3 runs): the call goes through the HTTP
 * server (POST /api/call, progress on the WebSocket) from a client on another thread, as the window makes it;
 * each run has its own seed (42, 43, …), so DML is computed and cached every time. Reported: the longest
 * wall-clock gap between two turns and the most CPU time the main thread spent between two turns (Linux;
 * load-proof), with the load average of each run. Beside it, in the same run, the CPU time of deflating the
 * stored forest on the main thread, as saveRun did before the workers packed the bodies (the stall issue 33
 * measured).
 */
export async function benchEventLoop(tmp: string, scale = 1, runs = 3): Promise<Record<string, unknown>> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const path = join(tmp, 'event-loop.pricelab')
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
  const b = new Backend({ mode: 'browser', version: 'bench' })
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 42, scale })
  const each: Record<string, number | null>[] = []
  try {
    for (let k = 0; k < runs; k++) {
      const load = loadavg()[0]
      const call = { name: 'elasticity:train', args: { jobId: `e${k}`, seed: 42 + k } }
      const res = await callThroughServer(b, tmp, call)
      if (!res.body.ok) throw new Error(`training failed: ${JSON.stringify(res.body.error)}`)
      const r = res.body.value as { run_id: number }
      const loop = res.loop
      each.push({
        wall_ms: res.wallMs,
        longest_gap_ms: loop.longestGapMs,
        longest_busy_cpu_ms: loop.longestBusyMs,
        load_average_1m: Math.round(load * 10) / 10,
        old_main_thread_pack_cpu_ms: Math.round(mainThreadPackMs(path, r.run_id as number))
      })
    }
  } finally {
    b.close()
  }
  const med = (key: string) => {
    const xs = each.map((e) => e[key]).filter((x): x is number => typeof x === 'number')
    return xs.length ? median(xs) : null
  }
  return {
    scale,
    runs: each,
    median_longest_gap_ms: med('longest_gap_ms'),
    median_longest_busy_cpu_ms: med('longest_busy_cpu_ms'),
    median_old_main_thread_pack_cpu_ms: med('old_main_thread_pack_cpu_ms'),
    target_ms: 50,
    mode: 'browser (HTTP server, client on another thread)',
    note: 'gap: wall clock between two event-loop turns (counts waits for a core on a loaded machine); busy: CPU time of the main thread between two turns (/proc/thread-self/schedstat)'
  }
}
