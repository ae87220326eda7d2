import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_DESIGN } from '../../src/shared/experiments'
import { powerAtEffect } from '../../src/core/experiments/power'
import { tempDir } from '../helpers'
import { openSqlite } from '../../src/backend/sqlite'

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

/**
 * A learner test changes every price a learner sees: its plan states the effect the recommended
 * elasticities expect (per course category, weighted by what the learners bought) and the power
 * for it, as item tests do (issue 26). Checked on the EdTech sample at two seeds against the same
 * sum computed here from the elasticity run and the learners' last 30 days.
 */
describe('expected effects of learner tests', () => {
  for (const seed of [3, 5])
    it(`states the expected effect and its power from the elasticities (sample seed ${seed})`, async () => {
      const b = new Backend({ mode: 'cli', version: 'test' })
      backends.push(b)
      const path = join(tempDir(), 'p.pricelab')
      b.openProject(path, { create: true })
      await b.call('data:generate', { jobId: 'gen', seed, scale: 0.1 })
      const design = { ...DEFAULT_DESIGN, units: 'learners' as const, stratify: 'none' as const, mde: 0.2 }
      const before = await b.call('experiments:design', { design })
      expect(before.treatment?.arms[0].expected_effect).toBeNull()
      expect(before.treatment?.arms[0].basis).toMatch(/estimate elasticities first/)

      const run = await b.call('elasticity:train', { jobId: 'e', seed: 1, models: ['ols'] })
      const own = new Map(run.segments.map((s) => [s.segment, s.recommended as number]))
      const db = openSqlite(path, { readonly: true, mustExist: true })
      const end = db.prepare<{ d: string }>('SELECT max(enrollment_date) AS d FROM enrollments').get()
        ?.d as string
      const day = (k: number) =>
        new Date(Date.parse(`${end}T00:00:00Z`) - k * 86_400_000).toISOString().slice(0, 10)
      const mix = db
        .prepare<{ category: string; spend: number; n: number }>(
          `SELECT c.category, sum(e.tokens_paid) AS spend, count(*) AS n FROM enrollments e
           JOIN courses c USING (course_id) JOIN learners l USING (learner_id)
           WHERE e.enrollment_date > ? AND l.last_activity_date > ? GROUP BY c.category`
        )
        .all(day(30), day(90))
      db.close()
      expect(mix.length).toBeGreaterThan(1)
      const expected = (w: (m: (typeof mix)[number]) => number, revenue: boolean) => {
        const base = mix.reduce((s, m) => s + w(m), 0)
        const moved = mix.reduce(
          (s, m) => s + w(m) * 0.9 ** ((own.get(m.category) as number) + (revenue ? 1 : 0)),
          0
        )
        return moved / base - 1
      }

      for (const metric of ['revenue', 'conversion'] as const) {
        const p = await b.call('experiments:design', { design: { ...design, metric } })
        const arm = p.treatment?.arms[0]
        const want = metric === 'revenue' ? expected((m) => m.spend, true) : expected((m) => m.n, false)
        expect(arm?.expected_effect, metric).toBeCloseTo(want, 10)
        // A 10% cut: enrollments rise (elastic demand), so conversion rises.
        if (metric === 'conversion') expect(arm?.expected_effect).toBeGreaterThan(0)
        expect(arm?.basis).toMatch(/per course category/)
        expect(arm?.power_at_expected).toBeCloseTo(
          powerAtEffect(p.baseline, want, p.units, 0.05, 1, 1) as number,
          10
        )
      }
    }, 240_000)
})
