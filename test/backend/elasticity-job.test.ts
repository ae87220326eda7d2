import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Backend } from '../../src/backend/backend'
import { TrainingPool } from '../../src/backend/training-pool'
import { nextEvent, tempDir } from '../helpers'

const faulty = join(__dirname, 'fixtures/faulty.worker.ts')
const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

async function sampleProject(pool?: TrainingPool): Promise<{ b: Backend; path: string }> {
  const path = join(tempDir(), 'p.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test', pool })
  backends.push(b)
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'gen', seed: 3, scale: 0.1 })
  return { b, path }
}

describe('elasticity training in worker threads', () => {
  it('trains every model in workers, keeps the main thread free, and saves the run', async () => {
    const { b, path } = await sampleProject()
    const events: number[] = []
    b.onEvent((e) => events.push(e.percent))
    const h = monitorEventLoopDelay({ resolution: 10 })
    h.enable()
    const r = await b.call('elasticity:train', { jobId: 'el', seed: 1 })
    h.disable()
    expect(r.models.map((m) => m.name).sort()).toEqual(['gam', 'gbm', 'ols', 'poly2', 'poly3', 'rf'])
    expect(r.failed).toEqual([])
    expect(r.best_model).not.toBeNull()
    expect(r.segments).toHaveLength(10)
    expect(r.segments.every((s) => s.true !== null && s.debiased !== null)).toBe(true)
    expect(events.at(-1)).toBe(100)
    // The heavy lifting happened off the main thread.
    expect(h.max / 1e6).toBeLessThan(500)

    // Reopening the project shows the run without retraining; a retrain adds new model versions.
    b.close()
    const again = new Backend({ mode: 'cli', version: 'test' })
    backends.push(again)
    again.openProject(path, { create: false })
    const loaded = await again.call('elasticity:run', {})
    expect(loaded?.run_id).toBe(r.run_id)
    expect(loaded?.models.map((m) => m.test_r2)).toEqual(r.models.map((m) => m.test_r2))
    const second = await again.call('elasticity:train', { jobId: 'el2', seed: 1, models: ['ols'] })
    expect((await again.call('elasticity:runs', {})).map((x) => x.run_id)).toEqual([second.run_id, r.run_id])
    // Predictions come from the saved models, without retraining.
    const pred = await again.call('elasticity:predict', {
      runId: r.run_id as number,
      items: [
        { item: '1', price: 50 },
        { item: '1', price: 80 }
      ]
    })
    expect(pred.model).toBe(r.best_model)
    expect(pred.predictions[1].quantity).toBeLessThan(pred.predictions[0].quantity)
    const versions = again.project.reader
      .prepare<{ version: number }>("SELECT version FROM models WHERE kind = 'ols' ORDER BY version")
      .all()
    expect(versions.map((v) => v.version)).toEqual([1, 2])
  })

  // The time limit is wall-clock: on a loaded machine any model may pass it. So the models that fail
  // by themselves run without a practical limit, and the hang (which never ends) runs alone under one.
  it('a model that throws, kills its worker or exhausts its heap fails alone', async () => {
    const pool = new TrainingPool({ workerFile: faulty, memoryMb: 64, timeoutMs: 3_600_000 })
    const { b } = await sampleProject(pool)
    const r = await b.call('elasticity:train', {
      jobId: 'el',
      seed: 1,
      models: ['ols', 'gam', 'poly3', 'rf', 'gbm']
    })
    const failed = Object.fromEntries(r.failed.map((f) => [f.name, f.error]))
    expect(failed.rf).toMatch(/planted failure in rf/)
    expect(failed.gam).toMatch(/exited unexpectedly/)
    expect(failed.poly3).toMatch(/out of memory|exited/)
    expect(r.models.map((m) => m.name).sort()).toEqual(['gbm', 'ols'])
    expect(r.warnings.join(' ')).toMatch(/rf failed/)
    // The app is still fine: the next call works.
    expect((await b.call('data:tables', {})).length).toBeGreaterThan(0)
  }, 600_000)

  it('a model that hangs is stopped at the time limit and fails alone', async () => {
    // A limit shorter than any panel load: only the model's task is timed, so the run still reaches the model
    // (it once stopped at "timed out" while loading the sample on a loaded machine, naming no model).
    const pool = new TrainingPool({ workerFile: faulty, memoryMb: 64, timeoutMs: 50 })
    const { b } = await sampleProject(pool)
    const r = await b.dispatch('elasticity:train', { jobId: 'el', seed: 1, models: ['poly2'] })
    // The only model hung: the run is refused (nothing to report), and says which model and why.
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/every model failed: .*poly2: [^;]*timed out/)
    expect((await b.call('data:tables', {})).length).toBeGreaterThan(0)
  }, 600_000)

  it('cancels: workers are stopped and nothing is saved', async () => {
    const { b } = await sampleProject()
    // Cancelled once the training is under way: it has reported progress.
    const started = nextEvent(
      (l) => b.onEvent(l),
      (e) => e.jobId === 'el' && e.percent > 0
    )
    const p = b.dispatch('elasticity:train', { jobId: 'el', seed: 1 })
    await started
    expect((await b.call('job:cancel', { jobId: 'el' })).cancelled).toBe(true)
    const r = await p
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('cancelled')
    expect(await b.call('elasticity:runs', {})).toEqual([])
  })

  it('explains bad input instead of training on it', async () => {
    const { b } = await sampleProject()
    const dir = tempDir()
    const { writeFileSync } = await import('node:fs')
    const small = join(dir, 'small.csv')
    writeFileSync(
      small,
      'sku,price,units\n' + Array.from({ length: 10 }, (_, i) => `A${i},${10 + i},${5 + i}`).join('\n') + '\n'
    )
    const flat = join(dir, 'flat.csv')
    writeFileSync(
      flat,
      'sku,price,units\n' + Array.from({ length: 40 }, (_, i) => `A${i % 5},10,${5 + i}`).join('\n') + '\n'
    )
    const zero = join(dir, 'zero.csv')
    writeFileSync(
      zero,
      'sku,price,units\n' + Array.from({ length: 40 }, (_, i) => `A${i % 5},${i},${5 + i}`).join('\n') + '\n'
    )
    for (const [file, name, message] of [
      [small, 'small', /10 rows; elasticity needs at least 30/],
      [flat, 'flat', /never changes: elasticity needs price variation/],
      [zero, 'zero', /zero or negative/]
    ] as const) {
      const f = b.files.stagePath(file)
      await b.call('import:run', {
        jobId: `imp-${name}`,
        fileId: f.fileId,
        plan: {
          target: { kind: 'dataset', name, roles: { item: 'sku', price: 'price', quantity: 'units' } },
          columns: [
            { source: 'sku', target: 'sku', type: 'text' },
            { source: 'price', target: 'price', type: 'number' },
            { source: 'units', target: 'units', type: 'integer' }
          ]
        }
      })
      const r = await b.dispatch('elasticity:train', { jobId: `el-${name}`, dataset: name })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.message).toMatch(message)
    }
  })
})
