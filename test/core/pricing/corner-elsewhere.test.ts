import { describe, expect, it } from 'vitest'
import {
  cornerCurve,
  cornerJobPrices,
  startCornerAhead,
  startCornerCurve,
  type CornerElsewhere,
  type CornerJob
} from '../../../src/core/pricing/corner'
import { causalDemand } from '../../../src/core/pricing/causal-demand'
import { currency } from '../../../src/core/pricing/units'
import type { Corner } from '../../../src/shared/pricing'
import { item, open, type TestItem } from './fixtures'
import { Rng } from '../../../src/core/util/rng'

/** Items with drawn prices, elasticities and baselines: the causal curve on them. */
function drawn(seed: number, n: number) {
  const r = new Rng(seed)
  const rnd = () => r.next()
  const items: TestItem[] = Array.from({ length: n }, (_, k) => {
    const p = Math.round((1 + rnd() * 20) * 100) / 100
    return item(`i${k}`, p, -0.6 - rnd() * 3, {
      observed_min: p * (0.6 + rnd() * 0.3),
      observed_max: p * (1.05 + rnd() * 0.5),
      cost: p * (0.2 + rnd() * 0.5)
    })
  })
  const q0 = Float64Array.from(items, () => 1 + rnd() * 50)
  const eps = new Map(items.map((it) => [it, it.elasticity as number | null]))
  return { items, demand: causalDemand(q0, items, (it) => eps.get(it as TestItem) ?? null) }
}

const corner: Corner = { guardrail: 'max_decrease', items: 1, reason: '' }
const options = (objective: 'revenue' | 'margin') => ({
  objective,
  min_volume_share: null,
  guardrails: open({ max_increase: 0.2, max_decrease: 0.2 }),
  unit: currency(2)
})

/** Another thread, as the worker pool is one: the job crosses by structured clone. */
function thread(jobs: CornerJob[], threads = 2): CornerElsewhere {
  return {
    threads,
    run: async (job) => {
      jobs.push(job)
      return cornerJobPrices(structuredClone(job))
    }
  }
}

/** Which thread ran each width: the shared claims after the curve (1: the calling thread). */
const claimants = (jobs: CornerJob[]) => [...jobs[0].claims]

describe("the corner curve's re-optimizations run on every free thread", () => {
  it('gives the same points, bit for bit, with the widths claimed by other threads (4 seeds × 2 objectives)', async () => {
    for (const seed of [1, 2, 3, 4])
      for (const objective of ['revenue', 'margin'] as const) {
        const { items, demand } = drawn(seed, 300)
        const here = await cornerCurve(corner, items, demand, options(objective))
        const jobs: CornerJob[] = []
        const split = await cornerCurve(corner, items, demand, {
          ...options(objective),
          elsewhere: thread(jobs)
        })
        expect(split).toEqual(here)
        expect(here?.length).toBe(5)
        // Two jobs, each with the curve's own numbers and every width; each width claimed once, some elsewhere.
        expect(jobs.map((j) => [j.widths, j.claimant])).toEqual([
          [[0.05, 0.1, 0.2, 0.3, 0.4], 2],
          [[0.05, 0.1, 0.2, 0.3, 0.4], 3]
        ])
        expect(jobs[0].q0.length).toBe(items.length)
        const by = claimants(jobs)
        expect(by.every((c) => c >= 1 && c <= 3)).toBe(true)
        expect(by.some((c) => c > 1)).toBe(true)
      }
  })

  it('does the widths itself when the other threads have not started, and ends those jobs', async () => {
    const { items, demand } = drawn(5, 200)
    const here = await cornerCurve(corner, items, demand, options('revenue'))
    const signals: { aborted: boolean }[] = []
    const jobs: CornerJob[] = []
    const never: CornerElsewhere = {
      threads: 2,
      run: (job, s) => {
        jobs.push(job)
        signals.push(s)
        return new Promise<(Float64Array | null)[]>(() => undefined)
      }
    }
    expect(await cornerCurve(corner, items, demand, { ...options('revenue'), elsewhere: never })).toEqual(
      here
    )
    expect(signals).toEqual([{ aborted: true }, { aborted: true }])
    expect(claimants(jobs)).toEqual([1, 1, 1, 1, 1])
  })

  it('waits for a width another thread has claimed instead of running it twice', async () => {
    const { items, demand } = drawn(7, 200)
    const here = await cornerCurve(corner, items, demand, options('margin'))
    const jobs: CornerJob[] = []
    let answered = false
    // The first job claims the narrowest width only; the second claims nothing.
    const one: CornerElsewhere = {
      threads: 2,
      run: async (job) => {
        jobs.push(job)
        if (job.claimant !== 2) return job.widths.map(() => null)
        const only = await cornerJobPrices(structuredClone({ ...job, widths: job.widths.slice(0, 1) }))
        answered = true
        return job.widths.map((_, j) => (j === 0 ? only[0] : null))
      }
    }
    expect(await cornerCurve(corner, items, demand, { ...options('margin'), elsewhere: one })).toEqual(here)
    expect(answered).toBe(true)
    expect(claimants(jobs)).toEqual([2, 1, 1, 1, 1])
  })

  it('reports the failure of a job that had claimed a width; one that failed before claiming costs nothing', async () => {
    const { items, demand } = drawn(6, 50)
    const here = await cornerCurve(corner, items, demand, options('revenue'))
    const claimThenFail: CornerElsewhere = {
      threads: 1,
      run: async (job) => {
        Atomics.compareExchange(job.claims, 0, 0, job.claimant)
        throw new Error('worker crashed')
      }
    }
    await expect(
      cornerCurve(corner, items, demand, { ...options('revenue'), elsewhere: claimThenFail })
    ).rejects.toThrow('worker crashed')
    const failAtOnce: CornerElsewhere = { threads: 2, run: () => Promise.reject(new Error('no worker')) }
    expect(
      await cornerCurve(corner, items, demand, { ...options('revenue'), elsewhere: failAtOnce })
    ).toEqual(here)
  })

  it('sends one job per free thread, never more than the widths, none without a free thread', async () => {
    const { items, demand } = drawn(8, 60)
    const here = await cornerCurve(corner, items, demand, options('revenue'))
    for (const [threads, sent] of [
      [0, 0],
      [1, 1],
      [3, 3],
      [9, 5]
    ]) {
      const jobs: CornerJob[] = []
      const got = await cornerCurve(corner, items, demand, {
        ...options('revenue'),
        elsewhere: thread(jobs, threads)
      })
      expect(got).toEqual(here)
      expect(jobs.length).toBe(sent)
    }
  })

  it('a job that arrives when every width is taken answers at once, without rebuilding the catalog', async () => {
    const claims = new Int32Array(new SharedArrayBuffer(8)).fill(1)
    const untouchable = new Proxy({} as CornerJob['items'], {
      get: () => {
        throw new Error('the catalog was rebuilt')
      }
    })
    const job: CornerJob = {
      items: untouchable,
      q0: new Float64Array(0),
      eps: new Float64Array(0),
      options: options('revenue'),
      key: 'max_decrease',
      widths: [0.1, 0.2],
      claims,
      claimant: 2
    }
    expect(await cornerJobPrices(job)).toEqual([null, null])
    // One width free: the job claims it and runs it (here the catalog is read, and refuses).
    claims[1] = 0
    await expect(cornerJobPrices(job)).rejects.toThrow('the catalog was rebuilt')
  })

  it('keeps a curve with cross terms (no causal numbers) here', async () => {
    const { items, demand } = drawn(6, 50)
    const plain = Object.assign(async (idx: Int32Array, p: Float64Array) => demand(idx, p), {})
    const jobs: CornerJob[] = []
    await cornerCurve(corner, items, plain, { ...options('revenue'), elsewhere: thread(jobs) })
    expect(jobs).toEqual([])
  })
})

/** A thread that holds its job until `open()`, then runs it: what it claimed, and its answer. */
function gated() {
  let open = () => {}
  const gate = new Promise<void>((resolve) => (open = resolve))
  const signals: { aborted: boolean }[] = []
  const answers: Promise<(Float64Array | null)[]>[] = []
  const elsewhere: CornerElsewhere = {
    threads: 1,
    run: (job, s) => {
      signals.push(s)
      const answer = gate.then(() => cornerJobPrices(structuredClone(job)))
      answers.push(answer)
      return answer
    }
  }
  return { elsewhere, signals, answers, open: () => open() }
}

describe('corner jobs sent before the sheet is optimized, betting on its guardrail', () => {
  it('serve the curve when its corner is on the guardrail bet on: the same points, no job sent twice (4 seeds)', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const { items, demand } = drawn(seed, 300)
      const opts = options('revenue')
      const here = await cornerCurve(corner, items, demand, opts)
      const jobs: CornerJob[] = []
      // Mostly elastic items (ε −0.6 … −3.6): revenue pulls prices down, towards the max decrease.
      const ahead = await startCornerAhead(items, demand, { ...opts, elsewhere: thread(jobs) })
      expect(ahead?.key).toBe('max_decrease')
      expect(jobs.length).toBe(2)
      const got = await cornerCurve(corner, items, demand, { ...opts, elsewhere: thread(jobs), ahead })
      expect(got).toEqual(here)
      expect(jobs.length).toBe(2)
      expect(claimants(jobs).some((c) => c > 1)).toBe(true)
    }
  })

  it('are stopped when the corner is on another guardrail, or the settings are not the very same; the curve is computed anew', async () => {
    const { items, demand } = drawn(9, 120)
    const opts = options('revenue')
    const up: Corner = { guardrail: 'max_increase', items: 1, reason: '' }
    for (const [c, curveOpts] of [
      [up, opts],
      [corner, options('revenue')]
    ] as const) {
      const here = await cornerCurve(c, items, demand, curveOpts)
      const g = gated()
      const ahead = await startCornerAhead(items, demand, { ...opts, elsewhere: g.elsewhere })
      expect(ahead?.key).toBe('max_decrease')
      const jobs: CornerJob[] = []
      expect(await cornerCurve(c, items, demand, { ...curveOpts, elsewhere: thread(jobs), ahead })).toEqual(
        here
      )
      // Not aborted (that ends a worker): its widths were marked not to run, and, let go, the job runs none.
      expect(g.signals).toEqual([{ aborted: false }])
      expect([...(ahead?.claims ?? [])]).toEqual([-1, -1, -1, -1, -1])
      g.open()
      expect(await g.answers[0]).toEqual([null, null, null, null, null])
      // The curve's own jobs were sent (one a free thread).
      expect(jobs.length).toBe(2)
    }
  })

  it('are stopped when the sheet has no corner', async () => {
    const { items, demand } = drawn(10, 80)
    const opts = options('revenue')
    const g = gated()
    const ahead = await startCornerAhead(items, demand, { ...opts, elsewhere: g.elsewhere })
    const run = await startCornerCurve(null, items, demand, { ...opts, ahead })
    expect(await run.finish()).toBeNull()
    expect([...(ahead?.claims ?? [])]).toEqual([-1, -1, -1, -1, -1])
    g.open()
    expect(await g.answers[0]).toEqual([null, null, null, null, null])
  })

  it('bet on the guardrail the objective pulls towards, and on none that is not set or without a free thread', async () => {
    const { items, demand } = drawn(11, 100)
    const elsewhere = thread([])
    // Inelastic items: revenue rises with price, towards the max increase.
    const inelastic = items.map((it) => ({ ...it }))
    const flat = causalDemand(
      Float64Array.from(inelastic, () => 10),
      inelastic,
      () => -0.5
    )
    expect((await startCornerAhead(inelastic, flat, { ...options('revenue'), elsewhere }))?.key).toBe(
      'max_increase'
    )
    // Margin: elastic items whose cost is most of the price want it up (ε·(1 − c/p) > −1).
    const dear = items.map((it) => ({ ...it, cost: it.current_price * 0.9 }))
    expect((await startCornerAhead(dear, demand, { ...options('margin'), elsewhere }))?.key).toBe(
      'max_increase'
    )
    expect((await startCornerAhead(items, demand, { ...options('margin'), elsewhere }))?.key).toBeDefined()
    const noDecrease = { ...options('revenue'), guardrails: open({ max_increase: 0.2, max_decrease: null }) }
    expect(await startCornerAhead(items, demand, { ...noDecrease, elsewhere })).toBeNull()
    expect(
      await startCornerAhead(items, demand, { ...options('revenue'), elsewhere: thread([], 0) })
    ).toBeNull()
  })
})
