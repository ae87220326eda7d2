import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

describe('propensity through the backend (workers, registry, segments)', () => {
  it('trains, stores every learner’s scores, and summarizes segments with their actions', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 6, scale: 0.3 })
    const run = await b.call('propensity:train', { jobId: 'p', targets: ['enrollment', 'churn'] })
    expect(run.targets.map((t) => t.target)).toEqual(['enrollment', 'churn'])
    expect(run.churn_sensitivity?.counts.flat().reduce((a, c) => a + c, 0)).toBe(3000)
    const stored = b.project.reader
      .prepare<{ target: string; n: number }>(
        'SELECT target, count(*) AS n FROM learner_scores GROUP BY target ORDER BY target'
      )
      .all()
    expect(stored).toEqual([
      { target: 'churn', n: 3000 },
      { target: 'enrollment', n: 3000 },
      { target: 'price_sensitivity', n: 3000 }
    ])
    const seg = await b.call('propensity:segments', {})
    expect(seg.map((s) => s.segment)).toEqual(['Hot', 'Warm', 'Cold', 'Dormant'])
    expect(seg.reduce((a, s) => a + s.learners, 0)).toBe(3000)
    const hot = seg.find((s) => s.segment === 'Hot')!
    const dormant = seg.find((s) => s.segment === 'Dormant')!
    if (hot.learners && dormant.learners) expect(hot.mean_enrollment).toBeGreaterThan(dormant.mean_enrollment)
    const edited = await b.call('propensity:segments', {
      rules: seg.map(({ segment, contact, channel, offer }) => ({
        segment,
        discount_pct: 15,
        contact,
        channel,
        offer
      }))
    })
    expect(edited.every((s) => s.discount_pct === 15)).toBe(true)
    const one = await b.call('propensity:learner', { learnerId: 7 })
    expect(one.header).toEqual([
      'learner_id',
      'churn_score',
      'churn_segment',
      'enrollment_score',
      'enrollment_segment',
      'price_sensitivity_score',
      'price_sensitivity_segment'
    ])
    expect(one.row?.[0]).toBe(7)
    // Why: each trained score comes with the features that move it most, largest first.
    const enrollmentWhy = one.why.find((w) => w.target === 'enrollment')!
    expect(enrollmentWhy.top.length).toBeGreaterThan(0)
    const sizes = enrollmentWhy.top.map((c) => Math.abs(c.contribution))
    expect([...sizes].sort((x, y) => y - x)).toEqual(sizes)
    expect(one.why.find((w) => w.target === 'price_sensitivity')?.top).toEqual([])

    // New thresholds re-segment the stored scores without retraining.
    const atLeast = (min: number) =>
      (
        b.project.reader
          .prepare<{ n: number }>(
            "SELECT count(*) AS n FROM learner_scores WHERE run_id = (SELECT max(run_id) FROM propensity_runs) AND target = 'enrollment' AND score >= ?"
          )
          .get(min) as { n: number }
      ).n
    const r = await b.call('propensity:bands', { hot: 0.6, warm: 0.4, cold: 0.2 })
    expect(r.bands.map((x) => x.min)).toEqual([0.6, 0.4, 0.2, 0])
    expect(r.segments.find((x) => x.segment === 'Hot')?.learners).toBe(atLeast(0.6))
    expect(r.run.targets.find((t) => t.target === 'enrollment')?.segments[0].learners).toBe(atLeast(0.6))
    expect((await b.call('propensity:run', {}))?.bands[0].min).toBe(0.6)
    await expect(b.call('propensity:bands', { hot: 0.3, warm: 0.4, cold: 0.2 })).rejects.toThrow(
      /Hot > Warm > Cold/
    )
    b.close()
  }, 120_000)
})
