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
import {
  ARG,
  CONTROL_BYTES,
  TwoThreadJobs,
  chunkOfClaim,
  histogramThreadStats,
  memoryFree,
  helperSlept,
  pagesTouched,
  serveJobs
} from '../../src/core/ml/hist-threads'

/** The control block's claim counter (hist-threads.ts: SEQ, STOP, NEXT, …). */
const NEXT_SLOT = 2
import { binMatrix } from '../../src/core/ml/binning'
import { chunkRange, chunksOf, createTreeArena } from '../../src/core/ml/kernels'
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
    // Not only histograms: the leaf updates between trees (a mark and a step a tree, in the five fits without
    // subsampling) and the binning are shared jobs too, and the helper ran chunks of them.
    const jobs = after.sharedJobs - before.sharedJobs
    const builds = after.sharedBuilds - before.sharedBuilds
    expect(jobs).toBeGreaterThan(builds + 2 * (4 * 30 + 10))
    expect(after.helperJobChunks - before.helperJobChunks).toBeGreaterThan(
      after.helperChunks - before.helperChunks
    )
  })

  it('codes the design and splits large nodes from both ends on two threads, as one thread does', async () => {
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    await histogramHelperReady()
    // The last binning job codes a full block and a part of one.
    const n = 9 * 16_384 + 8_192 + 1_000
    const F = 6
    const { X } = design(n, F, 21)
    const plain = binMatrix(X, n, F, 255)
    const before = histogramThreadStats()
    const arena = createTreeArena(n, F, n, 2, { share: true })!
    try {
      // Binning: 2 blocks of 8,192 rows a job, one a chunk: every code the JavaScript loop's.
      const m = binMatrix(X, n, F, 255, arena)
      expect(Buffer.from(m.bins).equals(Buffer.from(plain.bins))).toBe(true)
      expect(m.cols).toBeNull()
      // A stable partition of a node of 155,648 rows into the other row list, in chunksOf(…) = 8 blocks taken from
      // both ends: left rows in order, then right rows in order, each row's gradient moved with it.
      const rng = new Rng(22)
      for (let i = 0; i < n; i++) arena.grad[i] = rng.normal()
      const rows = Uint32Array.from({ length: n }, (_, i) => i)
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[rows[i], rows[j]] = [rows[j], rows[i]]
      }
      arena.rows.set(rows)
      arena.orderGradients(n, false)
      const [start, end] = [400, n - 600]
      expect(chunksOf(end - start)).toBe(8)
      const inner = Array.from(rows.subarray(start, end))
      let list = arena.rows
      for (const [feature, bin] of [
        [0, 100],
        [2, 20]
      ]) {
        const order = Array.from(list.subarray(start, end))
        const left = order.filter((r) => plain.bins[r * F + feature] <= bin)
        const right = order.filter((r) => plain.bins[r * F + feature] > bin)
        expect(left.length).toBeGreaterThan(1000)
        expect(right.length).toBeGreaterThan(1000)
        const from = list
        list = arena.split(feature, bin, start, end, left.length, list)
        expect(list).not.toBe(from)
        const mid = start + left.length
        expect(Array.from(list.subarray(start, end))).toEqual([...left, ...right])
        // The ordered gradients moved with their rows: the left side's histogram (read from them) sums the
        // gradients of its rows, chunk by chunk in the rule's order.
        const h = arena.hists[0]
        arena.histogram(h, start, mid, list)
        const count = chunksOf(mid - start)
        for (let b = 0; b < 256; b++) {
          let folded = 0
          let rowsIn = 0
          for (let x = 0; x < count; x++) {
            const [s0, e0] = chunkRange(x, count, start, mid)
            let g = 0
            for (let k = s0; k < e0; k++)
              if (plain.bins[list[k] * F] === b) {
                g += arena.grad[list[k]]
                rowsIn++
              }
            folded = x === 0 ? g : folded + g
          }
          expect(h[2 * b]).toBe(folded)
          expect(h[2 * b + 1]).toBe(rowsIn)
        }
      }
      expect(new Set(list.subarray(start, end)).size).toBe(inner.length)
      // A node under 4,096 rows is split on the fitting thread in one call, no job offered (thousands a fit).
      const small = Array.from(list.subarray(start, start + 4000))
      const smallLeft = small.filter((r) => plain.bins[r * F] <= 60)
      const offered = histogramThreadStats().sharedJobs
      const to = arena.split(0, 60, start, start + 4000, smallLeft.length, list)
      expect(histogramThreadStats().sharedJobs).toBe(offered)
      expect(Array.from(to.subarray(start, start + 4000))).toEqual([
        ...smallLeft,
        ...small.filter((r) => plain.bins[r * F] > 60)
      ])
    } finally {
      arena.close()
    }
    const after = histogramThreadStats()
    // Binning jobs (one per 16,384 rows), two splits and two histograms (each counted, shared or kept alone).
    expect(after.sharedJobs - before.sharedJobs).toBe(Math.ceil(n / 16_384) + 4)
    expect(after.sharedBuilds - before.sharedBuilds).toBe(2)
  })

  it('touches a fresh memory’s pages while it waits for jobs, not a reused one’s', async () => {
    expect(installHistogramHelper({ cores: 2 })).toBe(true)
    await histogramHelperReady()
    // Waits on the helper's state, not on time: it runs at background priority, slow to get a core in a loaded run.
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    // Larger than every earlier arena of this thread: a fresh memory (~20 MB).
    const n = 600_000
    const open = async () => {
      const arena = createTreeArena(n, 2, n, 2, { share: true, leaves: 64 })!
      const memory = arena.bins.buffer
      const pages = memory.byteLength / 4096
      // Asleep for want of a job: on a fresh memory it has touched every page but the control block's first.
      while (!helperSlept(memory, 0)) await turn()
      const touched = pagesTouched(memory, 0)
      arena.close()
      // Its helper has left before the memory serves the next arena.
      while (!memoryFree(memory, 0)) await turn()
      return { memory, pages, touched }
    }
    const before = histogramThreadStats().helperPages
    const fresh = await open()
    expect(fresh.touched).toBe(fresh.pages - 1)
    expect(histogramThreadStats().helperPages - before).toBe(fresh.pages - 1)
    // A reused memory's pages are mapped already: the helper went to sleep without touching one.
    const reused = await open()
    expect(reused.memory).toBe(fresh.memory)
    expect(reused.touched).toBe(0)
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
      same: boolean
      stats: { sharedBuilds: number; helperChunks: number }
    }>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await worker.terminate()
    expect(reply.installed).toBe(true)
    expect(reply.same).toBe(true)
    expect(Buffer.from(reply.pred.buffer).equals(Buffer.from(alone.buffer))).toBe(true)
    expect(reply.stats.sharedBuilds).toBeGreaterThan(20)
    expect(reply.stats.helperChunks).toBeGreaterThan(0)
  })
})

describe('claims of two-thread jobs', () => {
  it('a claim taken after a job’s last chunk never becomes a chunk of the next, larger job', () => {
    // The fitting thread's side over a plain control block (no helper thread: the interleaving is written out).
    const layout = { control: 0 } as ConstructorParameters<typeof TwoThreadJobs>[1]
    const buffer = new SharedArrayBuffer(CONTROL_BYTES)
    const ran: number[] = []
    const jobs = new TwoThreadJobs(buffer, layout, (_c, chunk) => ran.push(chunk))
    const c = new Int32Array(buffer)
    // A job of 2 chunks, both run; then a late claim (a helper whose core was taken just after its add) …
    jobs.runJob(1, 2)
    expect(ran).toEqual([0, 1])
    const late = Atomics.add(c, NEXT_SLOT, 1)
    // … read after the next job (8 chunks) has opened: it is no chunk of it.
    jobs.runJob(1, 8)
    expect(ran).toEqual([0, 1, 0, 1, 2, 3, 4, 5, 6, 7])
    expect(chunkOfClaim(c, late)).toBe(-1)
  })
})

describe('a helper attached late', () => {
  it('leaves at once when its fit closed before it joined, even when the memory already serves the next fit', () => {
    const buffer = new SharedArrayBuffer(CONTROL_BYTES)
    const ran: number[] = []
    const run = (_c: Int32Array, chunk: number) => ran.push(chunk)
    const layout = (epoch: number) =>
      ({ epoch, control: 0 }) as ConstructorParameters<typeof TwoThreadJobs>[1]
    // Fit 1 opens and closes with no helper inside: its memory is free for the next arena at once.
    const first = new TwoThreadJobs(buffer, layout(1), run)
    first.runJob(1, 2)
    first.close()
    expect(memoryFree(buffer, 0)).toBe(true)
    // Fit 2 on the same memory; fit 1's attach arrives now (its helper was busy): it serves nothing and returns
    // (before, it served fit 2's jobs with fit 1's layout, or waited for them).
    const second = new TwoThreadJobs(buffer, layout(2), run)
    expect(memoryFree(buffer, 0)).toBe(false)
    serveJobs(buffer, layout(1), () => {
      throw new Error('a late helper ran a chunk of the next fit')
    })
    second.runJob(1, 2)
    expect(ran).toEqual([0, 1, 0, 1])
    second.close()
    expect(memoryFree(buffer, 0)).toBe(true)
  })
})

describe('a helper that lags', () => {
  it('runs every chunk exactly once, and the fitting thread keeps jobs to itself once the helper lags', async () => {
    const buffer = new SharedArrayBuffer(CONTROL_BYTES)
    const JOBS = 300
    const tally = new SharedArrayBuffer(4 * 8 * JOBS)
    const counts = new Int32Array(tally)
    // The fit is opened (epoch 1) before its helper starts, as an arena attaches its helper once made.
    const layout = { epoch: 1, control: 0 } as ConstructorParameters<typeof TwoThreadJobs>[1]
    // The fitting thread's chunks take ~0.2 ms (so the helper claims some of every job): waiting for the
    // helper's 5 ms chunks is most of its time, a wait of a lost time slice's order.
    const jobs = new TwoThreadJobs(buffer, layout, (c, chunk) => {
      const t = performance.now()
      while (performance.now() - t < 0.2);
      Atomics.add(counts, Atomics.load(c, ARG) * 8 + chunk, 1)
    })
    const file = join(__dirname, 'fixtures/slow-helper.worker.ts')
    const helper = new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)})`, {
      eval: true,
      workerData: { buffer, tally }
    })
    try {
      const before = histogramThreadStats()
      // Counts alternate 2 and 8: a late claim must never become a chunk of the next job.
      for (let j = 0; j < JOBS; j++) {
        jobs.arg(0, j)
        jobs.runJob(2, j % 2 ? 8 : 2)
        // Until the helper has taken a chunk, offer the first job again (it may still be starting).
        if (j === 0 && histogramThreadStats().waits === before.waits) {
          counts.fill(0)
          j = -1
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
      jobs.close()
      for (let j = 0; j < JOBS; j++)
        for (let k = 0; k < 8; k++)
          expect(counts[j * 8 + k], `job ${j} chunk ${k}`).toBe(k < (j % 2 ? 8 : 2) ? 1 : 0)
      const after = histogramThreadStats()
      expect(after.waits - before.waits).toBeGreaterThan(0)
      expect(after.soloJobs - before.soloJobs).toBeGreaterThan(JOBS / 2)
    } finally {
      await helper.terminate()
    }
  })
})
