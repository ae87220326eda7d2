import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { statSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

/** The project file as it is on disk once the write-ahead log is merged (as on close). */
async function size(b: Backend, p: string): Promise<number> {
  await b.project.lockWrite((db) => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'))
  return statSync(p).size
}

// The full-size figure (the 1 run vs 10 runs, ≤ 1.5x) is measured by `npm run bench -- size`.
describe('project size over training runs (issue 16)', () => {
  it('stops growing by a forest per run: only the latest 3 runs keep model bodies; compact prunes', async () => {
    const path = join(tempDir(), 'p.pricelab')
    const b = new Backend({ mode: 'cli', version: 'test' })
    backends.push(b)
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'gen', seed: 5, scale: 0.1 })
    const train = (i: number) =>
      b.call('elasticity:train', { jobId: `el${i}`, seed: i, models: ['ols', 'rf'] })
    for (let i = 1; i <= 4; i++) await train(i)
    const four = await size(b, path)
    for (let i = 5; i <= 10; i++) await train(i)
    const ten = await size(b, path)
    // Six more runs add only their small reports (freed pages are reused): the file is in a steady state.
    expect(ten / four).toBeLessThanOrEqual(1.2)
    const runs = await b.call('elasticity:runs', {})
    expect(runs).toHaveLength(10)
    // An older run still shows its report; the newest still predicts.
    const old = await b.call('elasticity:run', { runId: runs[9].run_id })
    expect(old?.models.map((m) => m.name).sort()).toEqual(['ols', 'rf'])
    const r = await b.call('project:compact', {})
    expect(r.runsDeleted).toBe(7)
    expect(r.bytesAfter).toBeLessThan(r.bytesBefore)
    expect(await b.call('elasticity:runs', {})).toHaveLength(3)
  }, 120_000)
})
