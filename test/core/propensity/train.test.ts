import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { loadLearnerEvents, type LearnerEvents } from '../../../src/core/propensity/events'
import { snapshotFeatures } from '../../../src/core/propensity/features'
import { trainTarget, resolveCutoff } from '../../../src/core/propensity/train'
import { isoToDay } from '../../../src/core/util/dates'

const db = newDb()
generateSampleData(db, { seed: 4, scale: 0.3 })
const ev = loadLearnerEvents(db)

/** A copy of the events with every event on or after `day` changed beyond recognition. */
function scrambleFuture(e: LearnerEvents, day: number): LearnerEvents {
  const t = (x: LearnerEvents['enrollments']) => ({
    ...x,
    amount: x.amount.map((a, k) => (x.day[k] >= day ? a * 7 + 3 : a)),
    tier: x.tier.map((v, k) => (x.day[k] >= day ? 2 : v)),
    flag: x.flag.map((v, k) => (x.day[k] >= day ? 2 : v))
  })
  return { ...e, enrollments: t(e.enrollments), transactions: t(e.transactions) }
}

describe('propensity, leak-free', () => {
  it('features at a cutoff cannot see anything on or after it', () => {
    const cutoff = isoToDay('2025-10-01')
    const a = snapshotFeatures(ev, cutoff)
    const b = snapshotFeatures(scrambleFuture(ev, cutoff), cutoff)
    expect(Array.from(b.X)).toEqual(Array.from(a.X))
    // ...while an earlier change does show.
    const c = snapshotFeatures(scrambleFuture(ev, cutoff - 30), cutoff)
    expect(Array.from(c.X)).not.toEqual(Array.from(a.X))
  })

  it('learns enrollment and churn well above chance and beats the rule baseline', () => {
    for (const target of ['enrollment', 'churn'] as const) {
      const { report: r, current } = trainTarget(ev, target, { seed: 1, folds: 3, testShare: 0.25 })
      const best = r.models.find((m) => m.name === r.best_model)!
      expect(best.auc).toBeGreaterThan(0.75)
      expect(best.auc).toBeGreaterThan(r.baseline.auc)
      expect(r.segments.reduce((a, s) => a + s.learners, 0)).toBe(Math.round(r.learners * 0.25))
      // Today's scores cover every learner, as probabilities.
      expect(current.learnerIds.length).toBe(ev.learners)
      expect(current.score.every((s) => s >= 0 && s <= 1)).toBe(true)
    }
  })

  it('is deterministic for a seed', () => {
    const a = trainTarget(ev, 'upsell', { seed: 3, folds: 3, testShare: 0.25 }, () => 0)
    const b = trainTarget(ev, 'upsell', { seed: 3, folds: 3, testShare: 0.25 }, () => 0)
    expect(b).toEqual(a)
  })

  it('refuses a cutoff outside the data, naming the range', () => {
    expect(() => resolveCutoff(ev, '2030-01-01')).toThrow(/outside the data.*data runs/)
    expect(() => resolveCutoff(ev, 'soon')).toThrow(/not a date/)
  })
})
