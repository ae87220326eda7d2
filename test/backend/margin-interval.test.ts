import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { tempDir } from '../helpers'

interface SeedOutcome {
  seed: number
  predicted: number
  low: number
  high: number
  truth: number
}

/**
 * One seed of the EdTech sample (small scale, a 60% cost share): log-log OLS + DML, then the margin
 * sheet with default guardrails; its predicted margin change and interval beside the TRUE margin
 * change of the same prices (the generator's expected demand), as `npm run bench -- margin-interval`.
 */
async function outcome(seed: number): Promise<SeedOutcome> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(tempDir(), `m${seed}.pricelab`), { create: true })
  try {
    await b.call('data:generate', { jobId: 'g', kind: 'edtech', seed, scale: 0.1 })
    await b.call('elasticity:train', { jobId: 'e', models: ['ols'], dml: 'on', seed })
    const run = await b.call('pricing:optimize', {
      settings: { ...DEFAULT_SETTINGS, objective: 'margin', cost_share: 0.6 },
      save: false
    })
    const iv = run.portfolio.objective_interval
    const predicted = run.portfolio.objective_change_pct
    if (!iv || predicted === undefined || run.true_uplift_pct === null)
      throw new Error('no margin change, margin interval or truth')
    return {
      seed,
      predicted,
      low: iv.low,
      high: iv.high,
      truth: run.true_uplift_pct
    }
  } finally {
    b.close()
  }
}

describe('the margin interval has two-sided bounds (issue 25)', () => {
  it('EdTech sample, seeds 1–5: the true margin change inside the interval at ≥ 4 of 5 seeds, and the width within 0.3–3× the width the observed errors call for', async () => {
    const runs: SeedOutcome[] = []
    for (const seed of [1, 2, 3, 4, 5]) runs.push(await outcome(seed))
    const show = runs
      .map(
        (r) =>
          `seed ${r.seed}: ${r.predicted.toFixed(2)} [${r.low.toFixed(2)}, ${r.high.toFixed(2)}] true ${r.truth.toFixed(2)}`
      )
      .join('\n')
    console.log(show)
    const inside = runs.filter((r) => r.low <= r.truth && r.truth <= r.high).length
    // Reference: the width of a 90% normal interval whose spread is the observed error (predicted − true) over the seeds.
    const rms = Math.sqrt(runs.reduce((s, r) => s + (r.predicted - r.truth) ** 2, 0) / runs.length)
    const reference = 2 * 1.645 * rms
    const widths = runs.map((r) => r.high - r.low)
    console.log(
      `inside ${inside}/5 rms error ${rms.toFixed(3)} reference width ${reference.toFixed(3)} widths ${widths.map((w) => w.toFixed(3)).join(', ')}`
    )
    expect(inside, show).toBeGreaterThanOrEqual(4)
    for (const w of widths) {
      expect(w, show).toBeGreaterThan(0.3 * reference)
      expect(w, show).toBeLessThan(3 * reference)
    }
  }, 600_000)
})
