import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Backend } from '../src/backend/backend'

/**
 * Peak memory of an elasticity run with every model on the sample at the given scale (scale 8 ≈ 750k
 * rows, 10.7 ≈ 1M), each in its own process so its peak RSS is its own.
 */
export function benchMemory(tmp: string, scales: string[]): Record<string, unknown> {
  const runs = scales.map((scale) => {
    console.log(`memory: all models at sample scale ${scale}…`)
    const r = spawnSync(process.execPath, [process.argv[1], '--child-elasticity', tmp, scale], {
      encoding: 'utf8',
      maxBuffer: 1 << 20
    })
    if (r.status !== 0) return { scale, error: r.stderr.split('\n').slice(-5).join('\n') }
    return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, unknown>
  })
  return {
    note: 'peak RSS of the whole process (backend, SQLite, training); shared noisy machine: wall times are inflated, CPU time is closer to an idle machine',
    runs,
    target_peak_rss_mb_at_1m_rows: 1536
  }
}

/**
 * In the child: generate (once) and train every model, then print rows, times and peak RSS.
 * `spec` is the EdTech sample's scale ("8"), or "retail:S" for the retail panel at scale S (a
 * dataset with a date column, loaded like an imported one; 17.2 ≈ 1M rows).
 */
export async function runChildElasticity(tmp: string, spec: string): Promise<void> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const retail = spec.startsWith('retail:')
  const scale = Number(retail ? spec.slice(7) : spec)
  const path = join(tmp, `memory-${retail ? 'retail' : 'scale'}-${scale}.pricelab`)
  const b = new Backend({ mode: 'cli', version: 'bench' })
  const exists = existsSync(path)
  if (!exists) for (const s of ['-wal', '-shm']) rmSync(path + s, { force: true })
  b.openProject(path, { create: !exists })
  if (!exists)
    await b.call('data:generate', { jobId: 'g', seed: 42, scale, kind: retail ? 'retail' : 'edtech' })
  const rssBefore = process.memoryUsage().rss
  const t = performance.now()
  const c = process.cpuUsage()
  const r = await b.call('elasticity:train', {
    jobId: 'e',
    seed: 42,
    ...(retail ? { dataset: 'retail_sample' } : {})
  })
  const cpu = process.cpuUsage(c)
  const wall = performance.now() - t
  b.close()
  console.log(
    JSON.stringify({
      scale: spec,
      rows: r.rows,
      models: r.models.map((m) => m.name),
      wall_ms: Math.round(wall),
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      rss_before_training_mb: Math.round(rssBefore / 2 ** 20),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024)
    })
  )
}
