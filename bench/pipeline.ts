import { copyFileSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { Backend } from '../src/backend/backend'

/** The whole study on the default sample, as `pricelab run` does it: wall time and each stage's time. */
export async function benchPipeline(tmp: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'pricelab-bench-study-'))
  const project = join(dir, 'study.pricelab')
  copyFileSync(join(tmp, 'elasticity.pricelab'), project)
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(project, { create: false })
  const t0 = performance.now()
  const run = await b.call('pipeline:run', { jobId: 'bench', config: {}, reportDir: join(dir, 'report') })
  const wall = performance.now() - t0
  b.close()
  return {
    status: run.status,
    wall_ms: Math.round(wall),
    stages: Object.fromEntries(run.stages.map((s) => [s.stage, s.ms])),
    metrics: run.metrics
  }
}
