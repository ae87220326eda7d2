import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { once } from 'node:events'
import { TrainingPool } from '../../src/backend/training-pool'
import {
  firstWorkOf,
  startEarly,
  takeEarly,
  TRAINING_WORKER,
  trainingWorkerOptions,
  workerScript,
  type FirstWork
} from '../../src/backend/worker-script'
import type { trainingApi } from '../../src/backend/training-api'

const fixture = join(__dirname, 'fixtures/thread-id.worker.ts')
type Api = { threadId(): number; workerData(): unknown }
const pools: TrainingPool<Api>[] = []
afterEach(() => pools.splice(0).forEach((p) => p.close()))

function pool(memoryMb?: number): TrainingPool<Api> {
  const p = new TrainingPool<Api>({ workerFile: fixture, size: 1, memoryMb })
  pools.push(p)
  return p
}

describe('a training worker started ahead (the CLI starts one before it loads its commands)', () => {
  it('is the worker the pool’s first task runs on, taken once', async () => {
    const early = startEarly(fixture, trainingWorkerOptions())
    // Asking again before it is taken gives the same worker, not a second one.
    expect(startEarly(fixture, trainingWorkerOptions())).toBe(early)
    const first = pool()
    expect(await first.run((api) => api.threadId())).toBe(early.threadId)
    // Taken: another pool starts its own.
    const second = pool()
    expect(await second.run((api) => api.threadId())).not.toBe(early.threadId)
    expect(takeEarly(fixture, trainingWorkerOptions())).toBeUndefined()
  })

  it('is not used by a pool with other options, and is ended then', async () => {
    const early = startEarly(fixture, trainingWorkerOptions(512))
    const ended = once(early, 'exit')
    const p = pool()
    expect(await p.run((api) => api.threadId())).not.toBe(early.threadId)
    await ended
  })

  it('is told its first work, and the pool still takes it', async () => {
    const early = startEarly(fixture, trainingWorkerOptions(), 'pricing')
    const p = pool()
    expect(await p.run((api) => api.threadId())).toBe(early.threadId)
    expect(firstWorkOf(await p.run((api) => api.workerData()))).toBe('pricing')
    expect([firstWorkOf(undefined), firstWorkOf({ firstWork: 'other' }), firstWorkOf(null)]).toEqual([
      null,
      null,
      null
    ])
  })

  // The CLI's optimize reads its digest on the worker at once: a warm-up (~0.4 s of fits) held that read back.
  it.each<[FirstWork, boolean]>([
    ['pricing', false],
    ['training', true]
  ])('a training worker started for %s warms up: %s', async (first, warms) => {
    startEarly(workerScript(TRAINING_WORKER), trainingWorkerOptions(), first)
    const p = new TrainingPool<typeof trainingApi>({ size: 1 })
    try {
      // A worker the pool started itself (not told) would warm up: 0 rows shows the early one ran it, unwarmed.
      expect((await p.run((api) => api.warmUp())) > 0).toBe(warms)
    } finally {
      p.close()
    }
  })
})
