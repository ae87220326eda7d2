// The debiased (DML) estimate split into fold tasks over the training pool's workers: the same estimate, to the
// bit, as the serial dmlEstimate for the same seed, whichever worker ran which fold (issue 33, item 1).
import { afterAll, describe, expect, it } from 'vitest'
import { newDb } from '../helpers'
import { TrainingPool } from '../../src/backend/training-pool'
import { inSharedMemory } from '../../src/backend/elasticity/shared-panel'
import { DmlTracker, runDmlTasks } from '../../src/backend/elasticity/dml-tasks'
import { generateSampleData } from '../../src/core/data/sample/generate'
import { generateRetailSample } from '../../src/core/data/sample/retail/generate'
import { loadDatasetPanel, loadSamplePanel, type Panel } from '../../src/core/elasticity/panel'
import { dmlEstimate, type DmlResult } from '../../src/core/elasticity/dml'
import { DEFAULT_PLAN } from '../../src/core/elasticity/train'
import { CancelledError } from '../../src/core/data/csv/errors'

const pools: TrainingPool[] = []
afterAll(() => pools.forEach((p) => p.close()))

/** Every number as its 64 bits (NaN, −0 and the last bit count), so toEqual compares to the bit. */
function bits(r: DmlResult): unknown {
  return JSON.parse(
    JSON.stringify(r, (_k, v: unknown) =>
      typeof v === 'number' ? Buffer.from(new Float64Array([v]).buffer).toString('hex') : v
    )
  )
}

function edtech(seed: number): Panel {
  const db = newDb()
  generateSampleData(db, { seed, scale: 0.1 })
  return loadSamplePanel(db)
}

function retail(seed: number): Panel {
  const db = newDb()
  generateRetailSample(db, { seed, scale: 0.1 })
  return loadDatasetPanel(db, 'retail_sample')
}

describe('DML split into fold tasks over both workers', () => {
  const pool = new TrainingPool({ size: 2 })
  pools.push(pool)

  for (const [name, load] of [
    ['EdTech', edtech],
    ['retail', retail]
  ] as const)
    it(`${name} sample, seeds 1–3: the split estimate equals the serial one to the bit; folds ran on both workers`, async () => {
      for (const seed of [1, 2, 3]) {
        const panel = inSharedMemory(load(seed))
        const plan = { ...DEFAULT_PLAN, seed, withinItems: seed !== 3 }
        const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
        const serial = dmlEstimate(panel, rows, {
          folds: plan.folds,
          seed,
          withinItems: plan.withinItems
        })
        const shares: number[] = []
        const tracker = new DmlTracker()
        const split = await runDmlTasks(pool, panel, plan, { aborted: false }, tracker)
        shares.push(tracker.share())
        expect(bits(split.result), `${name} seed ${seed}`).toEqual(bits(serial))
        expect(serial.segments.some((s) => Number.isFinite(s.elasticity))).toBe(true)
        // 3 repeats × 3 folds; two tasks start at once, so each of the two workers runs at least one.
        expect(split.foldTasksPerWorker.reduce((a, b) => a + b, 0)).toBe(9)
        expect(split.foldTasksPerWorker).toHaveLength(2)
        expect(Math.min(...split.foldTasksPerWorker)).toBeGreaterThanOrEqual(1)
        expect(tracker.label()).toBe('DML (9 of 9 folds)')
        expect(shares).toEqual([1])
      }
    }, 240_000)

  it('progress counts the folds done of all, never going back, and reaches all of them', async () => {
    const seen: { done: number; share: number; label: string }[] = []
    class Recording extends DmlTracker {
      override track(h: Parameters<DmlTracker['track']>[0]) {
        seen.push({ done: this.done, share: this.share(), label: this.label() })
        return super.track(h)
      }
    }
    const tracker = new Recording()
    await runDmlTasks(
      pool,
      inSharedMemory(retail(6)),
      { ...DEFAULT_PLAN, seed: 6 },
      { aborted: false },
      tracker
    )
    expect(seen).toHaveLength(9)
    expect(seen[0]).toEqual({ done: 0, share: 0, label: 'DML (0 of 9 folds)' })
    for (let k = 1; k < seen.length; k++) {
      expect(seen[k].done).toBeGreaterThanOrEqual(seen[k - 1].done)
      expect(seen[k].share).toBeGreaterThanOrEqual(seen[k - 1].share)
    }
    // Two folds run at once: the ninth starts once at least six have finished.
    expect(seen[8].done).toBeGreaterThanOrEqual(6)
    expect(seen[8].label).toMatch(/^DML \([6-8] of 9 folds\)$/)
    expect([tracker.share(), tracker.label()]).toEqual([1, 'DML (9 of 9 folds)'])
  }, 60_000)

  it('what the folds share comes back in shared memory: a fold task is sent no copy of it, nor the panel', async () => {
    const panel = inSharedMemory(retail(5))
    const prep = await pool.run((api) => api.dmlPrepare(panel, { ...DEFAULT_PLAN, seed: 5 }))
    const views: ArrayBufferView[] = []
    const walk = (v: unknown): void => {
      if (ArrayBuffer.isView(v)) views.push(v)
      else if (v && typeof v === 'object') Object.values(v).forEach(walk)
    }
    walk(prep)
    // rows, yc, dc, yFitted, varies, rowVaries, the design, segAt, foldOf.
    expect(views).toHaveLength(9)
    for (const v of views) expect(v.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(prep.design.X.length).toBe(panel.n * prep.design.p)
  }, 60_000)

  it('cancelling stops the folds not yet run; the pool then computes the same estimate again', async () => {
    const panel = inSharedMemory(retail(4))
    const plan = { ...DEFAULT_PLAN, seed: 4 }
    const tracker = new DmlTracker()
    // Cancelled once two folds are done: the pool checks the signal before each queued fold starts.
    const signal = {
      get aborted() {
        return tracker.done >= 2
      }
    }
    await expect(runDmlTasks(pool, panel, plan, signal, tracker)).rejects.toBeInstanceOf(CancelledError)
    expect(tracker.done).toBeLessThan(9)
    const again = await runDmlTasks(pool, panel, plan, { aborted: false })
    const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
    expect(bits(again.result)).toEqual(
      bits(dmlEstimate(panel, rows, { folds: plan.folds, seed: 4, withinItems: true }))
    )
  }, 120_000)
})
