import { describe, expect, it } from 'vitest'
import {
  cornerCurve,
  cornerJobPrices,
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
function thread(jobs: CornerJob[]): CornerElsewhere {
  return async (job) => {
    jobs.push(job)
    return cornerJobPrices(structuredClone(job))
  }
}

describe("the corner curve's widest re-optimizations run elsewhere", () => {
  it('gives the same points, bit for bit, with the widest widths sent to another thread (4 seeds × 2 objectives)', async () => {
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
        // The two widest went to the other thread, with the curve's own numbers.
        expect(jobs.map((j) => j.widths)).toEqual([[0.3, 0.4]])
        expect(jobs[0].q0.length).toBe(items.length)
      }
  })

  it('does the widths itself when the other thread does not answer, and ends that job', async () => {
    const { items, demand } = drawn(5, 200)
    const here = await cornerCurve(corner, items, demand, options('revenue'))
    let signal: { aborted: boolean } | null = null
    const never: CornerElsewhere = (_job, s) => {
      signal = s
      return new Promise<Float64Array[]>(() => undefined)
    }
    expect(await cornerCurve(corner, items, demand, { ...options('revenue'), elsewhere: never })).toEqual(
      here
    )
    expect(signal).toEqual({ aborted: true })
  })

  it('reports a failure elsewhere as it is; a curve with cross terms (no causal numbers) stays here', async () => {
    const { items, demand } = drawn(6, 50)
    // A failure that answers before this thread has done the widths itself is reported.
    const failing: CornerElsewhere = () => Promise.reject(new Error('worker crashed'))
    await expect(
      cornerCurve(corner, items, demand, { ...options('revenue'), elsewhere: failing })
    ).rejects.toThrow('worker crashed')
    const plain = Object.assign(async (idx: Int32Array, p: Float64Array) => demand(idx, p), {})
    const jobs: CornerJob[] = []
    await cornerCurve(corner, items, plain, { ...options('revenue'), elsewhere: thread(jobs) })
    expect(jobs).toEqual([])
  })
})
