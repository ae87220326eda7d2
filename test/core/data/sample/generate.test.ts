import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { newDb } from '../../../helpers'
import { generateSampleData, sampleSizes } from '../../../../src/core/data/sample/generate'
import { CATEGORIES } from '../../../../src/core/data/sample/catalog'
import type { Db } from '../../../../src/core/db/port'
import { SEED_TABLES } from '../../../../src/shared/data'

function fingerprint(db: Db): string {
  const h = createHash('sha256')
  for (const t of SEED_TABLES)
    for (const r of db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw()) h.update(JSON.stringify(r))
  return h.digest('hex')
}

describe('sample data generator', () => {
  it('creates the default sizes at scale 1, with consistent references', () => {
    const db = newDb()
    const s = generateSampleData(db, { seed: 42, scale: 1 })
    expect(s.counts.learners).toBe(10_000)
    expect(s.counts.teachers).toBe(500)
    expect(s.counts.courses).toBe(2_000)
    expect(s.counts.enrollments).toBe(50_000)
    expect(s.counts.platform_metrics).toBe(364)
    // About one course-week per course and week since launch.
    expect(s.counts.course_price_history).toBeGreaterThan(85_000)
    expect(db.pragma('foreign_key_check')).toEqual([])
    // Each enrollment paid that week's price of its course.
    const mismatched = db
      .prepare<{ n: number }>(
        `SELECT count(*) AS n FROM enrollments e JOIN course_price_history h ON h.course_id = e.course_id
         AND e.enrollment_date >= h.week_start AND e.enrollment_date < date(h.week_start, '+7 days') WHERE h.token_price != e.tokens_paid`
      )
      .get()
    expect(mismatched?.n).toBe(0)
    // Token balances follow the transactions.
    const bal = db
      .prepare<{ n: number }>(
        `SELECT count(*) AS n FROM learners l WHERE abs(l.token_balance - (SELECT coalesce(sum(amount), 0) FROM token_transactions t WHERE t.learner_id = l.learner_id)) > 1e-9`
      )
      .get()
    expect(bal?.n).toBe(0)
    db.close()
  })

  it('is deterministic from the seed', () => {
    const a = newDb()
    const b = newDb()
    const c = newDb()
    generateSampleData(a, { seed: 7, scale: 0.05 })
    generateSampleData(b, { seed: 7, scale: 0.05 })
    generateSampleData(c, { seed: 8, scale: 0.05 })
    expect(fingerprint(a)).toBe(fingerprint(b))
    expect(fingerprint(a)).not.toBe(fingerprint(c))
  })

  it('scales sizes and stores the true elasticity of every category', () => {
    const db = newDb()
    const s = generateSampleData(db, { seed: 1, scale: 0.1 })
    expect(s.counts.learners).toBe(sampleSizes(0.1).learners)
    expect(s.counts.learners).toBe(1000)
    const truth = db
      .prepare<{ key: string; value: number }>(
        `SELECT key, value FROM ground_truth WHERE scope = 'category' AND metric = 'elasticity'`
      )
      .all()
    expect(truth).toHaveLength(CATEGORIES.length)
    for (const t of truth) {
      expect(t.value).toBeLessThanOrEqual(-0.6)
      expect(t.value).toBeGreaterThanOrEqual(-2.0)
    }
  })

  it('plants the documented demand: per-category log-log slope near the truth once quality is held fixed', () => {
    const db = newDb()
    generateSampleData(db, { seed: 5, scale: 1 })
    // Within-course variation removes quality and course effects; the slope must sit near the truth.
    const rows = db
      .prepare<{ cat: string; lp: number; lq: number; course: number }>(
        `SELECT c.category AS cat, ln(h.token_price) AS lp, ln(h.enrollments + 0.5) AS lq, h.course_id AS course
         FROM course_price_history h JOIN courses c USING (course_id) WHERE h.enrollments > 5`
      )
      .all()
    const byCourse = new Map<number, { lp: number; lq: number; n: number }>()
    for (const r of rows) {
      const m = byCourse.get(r.course) ?? { lp: 0, lq: 0, n: 0 }
      m.lp += r.lp
      m.lq += r.lq
      m.n++
      byCourse.set(r.course, m)
    }
    for (const cat of [CATEGORIES[0], CATEGORIES[9]]) {
      let sxy = 0
      let sxx = 0
      for (const r of rows.filter((x) => x.cat === cat.name)) {
        const m = byCourse.get(r.course)!
        const x = r.lp - m.lp / m.n
        sxy += x * (r.lq - m.lq / m.n)
        sxx += x * x
      }
      // Seasonal promotions bias this simple within estimate a little; the models handle season explicitly.
      expect(Math.abs(sxy / sxx - cat.elasticity)).toBeLessThan(0.3)
    }
  })

  it('rejects a bad seed or scale', () => {
    const db = newDb()
    expect(() => generateSampleData(db, { seed: -1, scale: 1 })).toThrow(/seed/)
    expect(() => generateSampleData(db, { seed: 1, scale: 0 })).toThrow(/scale/)
  })
})
