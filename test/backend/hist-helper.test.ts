import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import {
  histogramHelperReady,
  installHistogramHelper,
  removeHistogramHelper,
  warmUpTreeLearner
} from '../../src/backend/hist-helper'
import { warmUpBoosting } from '../../src/core/ml/warm-up'
import { DEFAULT_GBM, fitGbm, predictGbm, type GbmModel, type GbmParams } from '../../src/core/ml/gbm'
import { histogramThreadStats } from '../../src/core/ml/hist-threads'
import { Rng } from '../../src/core/util/rng'

/** Features of every kind the learner meets (continuous, few-valued, integer-coded, constant, with NaN). */
function design(n: number, F: number, seed: number) {
  const rng = new Rng(seed)
  const X = new Float64Array(n * F)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * F
    for (let f = 0; f < F; f++) {
      const kind = f % 5
      X[o + f] =
        kind === 0
          ? rng.normal()
          : kind === 1
            ? rng.int(3)
            : kind === 2
              ? rng.int(40)
              : kind === 3
                ? rng.next() < 0.02
                  ? NaN
                  : Math.exp(rng.normal())
                : 7
    }
    y[i] = 2 * X[o] + (F > 1 ? X[o + 1] : 0) + (F > 2 ? Math.sin(X[o + 2] / 6) : 0) + rng.normal()
  }
  return { X, y }
}

const SAME_TREES: GbmParams = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0, nEstimators: 30 }

/** The model's every number as bytes: equal bytes are equal to the bit (NaN and −0 included). */
function bits(m: GbmModel, X: Float64Array, n: number): Buffer[] {
  const p = predictGbm(m, X, n)
  return [
    Buffer.from(p.buffer, p.byteOffset, p.byteLength),
    ...m.trees.flatMap((t) => [t.feature, t.threshold, t.value, t.left].map((a) => Buffer.from(a.buffer)))
  ]
}

const CASES: { n: number; F: number; seed: number; params: GbmParams }[] = [
  { n: 30_000, F: 11, seed: 1, params: SAME_TREES },
  { n: 45_000, F: 7, seed: 2, params: SAME_TREES },
  { n: 70_000, F: 3, seed: 3, params: SAME_TREES },
  { n: 40_000, F: 11, seed: 4, params: { ...SAME_TREES, subsample: 0.7, seed: 4 } },
  { n: 250_000, F: 1, seed: 5, params: { ...SAME_TREES, nEstimators: 10 } },
  { n: 60_000, F: 5, seed: 9, params: { ...SAME_TREES, loss: 'logistic' } }
]

describe('boosting on two threads', () => {
  afterAll(() => removeHistogramHelper())

  it('grows the one-thread trees to the bit over seeds and sizes, and the helper thread builds halves', async () => {
    await removeHistogramHelper()
    const data = CASES.map((c) => design(c.n, c.F, c.seed))
    const alone = CASES.map((c, k) => bits(fitGbm(data[k].X, data[k].y, c.F, c.params), data[k].X, c.n))
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    await histogramHelperReady()
    const before = histogramThreadStats()
    CASES.forEach((c, k) => {
      const shared = bits(fitGbm(data[k].X, data[k].y, c.F, c.params), data[k].X, c.n)
      expect(shared.length).toBe(alone[k].length)
      shared.forEach((b, i) => expect(b.equals(alone[k][i])).toBe(true))
    })
    const after = histogramThreadStats()
    expect(after.sharedBuilds - before.sharedBuilds).toBeGreaterThan(100)
    // A count of half-histograms the helper built, not a time.
    expect(after.helperChunks - before.helperChunks).toBeGreaterThan(0)
    // Not only histograms: large nodes' partitions and the leaf updates between trees are shared jobs too,
    // and the helper ran chunks of them (the histogram alone was half of a fit: two threads barely helped).
    const jobs = after.sharedJobs - before.sharedJobs
    const builds = after.sharedBuilds - before.sharedBuilds
    expect(jobs).toBeGreaterThan(builds + 2 * 30 * 4)
    expect(after.helperJobChunks - before.helperJobChunks).toBeGreaterThan(
      after.helperChunks - before.helperChunks
    )
  })

  it('keeps a small model, and a machine of one core, on the fitting thread', async () => {
    await removeHistogramHelper()
    expect(installHistogramHelper({ cores: 1 })).toBe(false)
    const { X, y } = design(30_000, 11, 6)
    const before = histogramThreadStats()
    fitGbm(X, y, 11, SAME_TREES)
    expect(histogramThreadStats()).toEqual(before)
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    await histogramHelperReady()
    const small = design(8_000, 11, 7)
    fitGbm(small.X, small.y, 11, SAME_TREES)
    expect(histogramThreadStats()).toEqual(before)
  })

  it('leaves a warm-up undone once a real fit has started in the thread (that fit compiled everything)', async () => {
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    const { X, y } = design(30_000, 11, 12)
    fitGbm(X, y, 11, SAME_TREES)
    const before = histogramThreadStats()
    await warmUpTreeLearner()
    expect(warmUpBoosting()).toBe(0)
    expect(histogramThreadStats()).toEqual(before)
  })

  it('leaves a warm-up undone when the thread is told it is not wanted (its first work was pricing)', async () => {
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    const before = histogramThreadStats()
    expect(await warmUpTreeLearner(() => false)).toBe(0)
    expect(histogramThreadStats()).toEqual(before)
  })

  it('works inside a worker thread (as the training workers fit), with its own nested helper', async () => {
    const { X, y } = design(60_000, 11, 8)
    const alone = predictGbm(fitGbm(X, y, 11, SAME_TREES), X, y.length)
    const file = join(__dirname, 'fixtures/nested-gbm.worker.ts')
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)})`, {
      eval: true,
      workerData: { X, y, F: 11, params: SAME_TREES }
    })
    const reply = await new Promise<{
      installed: boolean
      pred: Float64Array
      stats: { sharedBuilds: number; helperChunks: number }
    }>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await worker.terminate()
    expect(reply.installed).toBe(true)
    expect(Buffer.from(reply.pred.buffer).equals(Buffer.from(alone.buffer))).toBe(true)
    expect(reply.stats.sharedBuilds).toBeGreaterThan(20)
    expect(reply.stats.helperChunks).toBeGreaterThan(0)
  })
})
