import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Backend } from '../src/backend/backend'
import { TrainingPool } from '../src/backend/training-pool'
import { openSqlite } from '../src/backend/sqlite'
import { installHistogramHelper } from '../src/backend/hist-helper'
import { runDmlTasks } from '../src/backend/elasticity/dml-tasks'
import { loadDatasetPanel, loadSamplePanel, type Panel } from '../src/core/elasticity/panel'
import { dmlEstimate, type DmlResult } from '../src/core/elasticity/dml'
import { DEFAULT_PLAN } from '../src/core/elasticity/train'

const MODES = ['serial', 'one-worker', 'two-workers'] as const
type Mode = (typeof MODES)[number]

/**
 * `npm run bench -- dml [scale] [edtech|retail]`: the debiased (DML) estimate alone on a sample (default the
 * EdTech sample at scale 2, seed 42, the default plan: 3 folds × 3 repeats), each way in its own process, twice (the first run also starts the kernels and workers; the second is
 * reported as wall_ms / cpu_ms):
 * `serial` (dmlEstimate on one thread with its histogram helper, as the one DML task of a worker ran it
 * before issue 33), `one-worker` (the fold tasks on a pool of one worker) and `two-workers` (the pool the
 * app uses on two cores). Wall, process CPU (every thread), peak RSS, the fold tasks each worker ran, and
 * whether the three estimates are the same to the bit.
 */
export function benchDmlSplit(tmp: string, scale = 2, kind = 'edtech'): Record<string, unknown> {
  const runs = MODES.map((mode) => {
    console.log(`dml: ${kind} sample at scale ${scale}, ${mode}…`)
    const r = spawnSync(process.execPath, [process.argv[1], '--child-dml', tmp, `${kind}:${scale}`, mode], {
      encoding: 'utf8',
      maxBuffer: 1 << 20
    })
    if (r.status !== 0) return { mode, error: r.stderr.split('\n').slice(-8).join('\n') }
    return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, unknown>
  })
  const hashes = new Set(runs.map((r) => r.estimate_sha256))
  const wall = (m: Mode) => runs.find((r) => r.mode === m)?.wall_ms as number | undefined
  const serial = wall('serial')
  const two = wall('two-workers')
  return {
    note: 'each mode a fresh process; wall includes only the DML (the panel is loaded first); CPU is the whole process (all threads) over the same span; shared 2-core machine: read CPU beside wall, the wall speed-up on a quiet machine',
    kind,
    scale,
    seed: 42,
    runs,
    same_estimate_to_the_bit: hashes.size === 1 && !runs.some((r) => r.error),
    wall_speedup_two_workers_vs_serial: serial && two ? Math.round((serial / two) * 100) / 100 : null
  }
}

function bitsHash(r: DmlResult): string {
  const json = JSON.stringify(r, (_k, v: unknown) =>
    typeof v === 'number' ? Buffer.from(new Float64Array([v]).buffer).toString('hex') : v
  )
  return createHash('sha256').update(json).digest('hex')
}

async function project(tmp: string, kind: string, scale: number): Promise<string> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const path = join(tmp, `dml-${kind}-${scale}.pricelab`)
  if (existsSync(path)) return path
  for (const s of ['-wal', '-shm']) rmSync(path + s, { force: true })
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(path, { create: true })
  await b.call('data:generate', {
    jobId: 'g',
    seed: 42,
    scale,
    kind: kind === 'retail' ? 'retail' : 'edtech'
  })
  b.close()
  return path
}

/** In the child: the DML one way, then one line of JSON. */
export async function runChildDml(tmp: string, spec: string, mode: Mode): Promise<void> {
  const [kind, s] = spec.split(':')
  const path = await project(tmp, kind, Number(s))
  const dataset = kind === 'retail' ? 'retail_sample' : null
  const plan = { ...DEFAULT_PLAN, seed: 42 }
  const pool = new TrainingPool({ size: mode === 'two-workers' ? 2 : 1, timeoutMs: 30 * 60_000 })
  let panel: Panel
  if (mode === 'serial') {
    const db = openSqlite(path, { readonly: true, mustExist: true })
    panel = dataset ? loadDatasetPanel(db, dataset) : loadSamplePanel(db)
    db.close()
    installHistogramHelper()
  } else panel = await pool.run((api) => api.loadPanel(path, dataset), undefined, undefined, { timed: false })
  const rssBefore = process.memoryUsage().rss
  // Twice: the first run starts the workers' boosting kernels (and in a pool, the second worker); the
  // second is what a run after the models (both workers warm) costs.
  const first = await timedDml(mode, pool, panel, plan)
  const second = await timedDml(mode, pool, panel, plan)
  pool.close()
  console.log(
    JSON.stringify({
      mode,
      rows: panel.n,
      first: first.figures,
      second: second.figures,
      wall_ms: second.figures.wall_ms,
      cpu_ms: second.figures.cpu_ms,
      rss_before_dml_mb: Math.round(rssBefore / 2 ** 20),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      segments: second.result.segments.map((x) => ({ segment: x.segment, elasticity: x.elasticity })),
      estimate_sha256: bitsHash(second.result),
      first_run_same_to_the_bit: bitsHash(first.result) === bitsHash(second.result)
    })
  )
  process.exit(0)
}

async function timedDml(
  mode: Mode,
  pool: TrainingPool,
  panel: Panel,
  plan: typeof DEFAULT_PLAN
): Promise<{ result: DmlResult; figures: Record<string, unknown> }> {
  const c = process.cpuUsage()
  const t = performance.now()
  let result: DmlResult
  let perWorker: number[] | null = null
  if (mode === 'serial') {
    const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
    result = dmlEstimate(panel, rows, { folds: plan.folds, seed: plan.seed, withinItems: plan.withinItems })
  } else {
    const run = await runDmlTasks(pool, panel, plan, { aborted: false })
    result = run.result
    perWorker = run.foldTasksPerWorker
  }
  const wall = performance.now() - t
  const cpu = process.cpuUsage(c)
  return {
    result,
    figures: {
      wall_ms: Math.round(wall),
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      fold_tasks_per_worker: perWorker
    }
  }
}
