import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { personalizedOffers, summarizeOffers, DEFAULT_POLICY } from '../../../src/core/propensity/offers'

function project() {
  const db = newDb()
  db.prepare(
    "INSERT INTO propensity_runs (run_id, cutoff, scored_as_of, report_json, created_at) VALUES (1, '2025-11-05', '2026-01-05', '{}', 'now')"
  ).run()
  const put = db.prepare(
    'INSERT INTO learner_scores (run_id, learner_id, target, score, segment) VALUES (1, ?, ?, ?, ?)'
  )
  // learner 1: Hot, not sensitive; 2: Dormant and very sensitive; 3: Cold, sensitive; 4: Warm, no sensitivity score.
  put.run(1, 'enrollment', 0.8, 'Hot')
  put.run(1, 'price_sensitivity', 0.1, 'Low')
  put.run(2, 'enrollment', 0.1, 'Dormant')
  put.run(2, 'price_sensitivity', 0.9, 'High')
  put.run(3, 'enrollment', 0.35, 'Cold')
  put.run(3, 'price_sensitivity', 0.8, 'High')
  put.run(4, 'enrollment', 0.6, 'Warm')
  return db
}

describe('personalized prices', () => {
  it('applies the segment discount, the sensitivity extra, then the guardrails (minimum price last)', () => {
    const db = project()
    const policy = {
      ...DEFAULT_POLICY,
      referencePrice: 100,
      maxDiscountPct: 30,
      minPrice: 75,
      sensitivityExtraPct: 5
    }
    const o = Object.fromEntries(personalizedOffers(db, 1, policy).map((x) => [x.learner_id, x]))
    expect(o[1]).toMatchObject({ discount_pct: 0, price: 100, bound_by: null })
    // Dormant 30% + 5% extra → capped at 30% → 70 tokens, then the 75-token floor wins.
    expect(o[2]).toMatchObject({ price: 75, discount_pct: 25, bound_by: 'min_price' })
    // Cold 20% + 5% = 25% → exactly the floor.
    expect(o[3]).toMatchObject({ price: 75, discount_pct: 25, bound_by: null })
    expect(o[4]).toMatchObject({ price: 90, discount_pct: 10, price_sensitivity: 0.5 })
    // A discount raises the expected conversion above the list-price one, more for sensitive learners.
    expect(o[2].expected_conversion).toBeGreaterThan(o[2].base_conversion)
    expect(o[1].expected_conversion).toBe(o[1].base_conversion)
    const s = summarizeOffers(Object.values(o), policy)
    expect(s.map((x) => x.learners)).toEqual([1, 1, 1, 1])
    expect(s.find((x) => x.segment === 'Dormant')?.bound_by_guardrail).toBe(1)
  })

  it('caps by the maximum discount when the floor is lower', () => {
    const db = project()
    const o = personalizedOffers(db, 1, {
      ...DEFAULT_POLICY,
      referencePrice: 100,
      maxDiscountPct: 30,
      minPrice: 10,
      sensitivityExtraPct: 5
    }).find((x) => x.learner_id === 2)
    expect(o).toMatchObject({ discount_pct: 30, price: 70, bound_by: 'max_discount' })
  })
})
