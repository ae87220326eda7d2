import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { TrainingPool } from '../../src/backend/training-pool'
import { tempDir } from '../helpers'

/**
 * A fresh worker's first fit paid its compiling (issue 33): the app starts the training workers when the
 * elasticity set-up opens, so they warm up while the analyst chooses; the run then finds them waiting.
 */
const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

async function sampleBackend(prestartTraining: boolean) {
  const pool = new TrainingPool({ size: 2 })
  const b = new Backend({ mode: 'cli', version: 'test', prestartTraining, pool })
  backends.push(b)
  b.openProject(join(tempDir(), 'warm.pricelab'), { create: true })
  await b.call('data:generate', { jobId: 'g', kind: 'edtech', seed: 3, scale: 0.05 })
  return { b, pool }
}

describe('training workers started ahead of a run', () => {
  it('the elasticity set-up starts every worker of the pool, and the run uses them', async () => {
    const { b, pool } = await sampleBackend(true)
    expect(pool.idleWorkers).toBe(0)
    await b.call('elasticity:sources', {})
    expect(pool.idleWorkers).toBe(2)
    // Asking again starts no more: the pool never holds more workers than its size.
    await b.call('elasticity:sources', {})
    expect(pool.idleWorkers).toBe(2)
    const report = await b.call('elasticity:train', { jobId: 'e', models: ['ols', 'gbm'], dml: 'off' })
    expect(report.models.length).toBe(2)
    // The same two workers came back: none was spawned beside them.
    expect(pool.idleWorkers).toBe(2)
  })

  it('without the option (the CLI, tests) nothing starts before a task', async () => {
    const { b, pool } = await sampleBackend(false)
    await b.call('elasticity:sources', {})
    expect(pool.idleWorkers).toBe(0)
  })
})
