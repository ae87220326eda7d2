import { statSync } from 'node:fs'
import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { Backend } from '../src/backend/backend'

/** The project file after 1 and after 10 training runs of the EdTech sample at scale 1 (issue 16: ≤ 1.5x). */
export async function benchProjectSize(tmp: string) {
  const path = join(tmp, 'size.pricelab')
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(path, { create: true })
  const size = async () => {
    await b.project.lockWrite((db) => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'))
    return statSync(path).size
  }
  await b.call('data:generate', { jobId: 'gen', seed: 42, scale: 1 })
  const data = await size()
  const models = ['ols', 'rf', 'gbm'] as const
  const train = (i: number) => b.call('elasticity:train', { jobId: `el${i}`, seed: i, models: [...models] })
  await train(1)
  const one = await size()
  for (let i = 2; i <= 10; i++) await train(i)
  const ten = await size()
  const compacted = await b.call('project:compact', {})
  b.close()
  return {
    models,
    data_only_mb: +(data / 1e6).toFixed(1),
    after_1_run_mb: +(one / 1e6).toFixed(1),
    after_10_runs_mb: +(ten / 1e6).toFixed(1),
    ratio_10_to_1: +(ten / one).toFixed(2),
    after_compact_mb: +(compacted.bytesAfter / 1e6).toFixed(1),
    target_ratio: 1.5
  }
}
