import { describe, expect, it } from 'vitest'
import { elasticityMessage } from '../../src/backend/study/study-stages'

const run = {
  run_id: 7,
  best_model: null,
  recommended_model: 'debiased',
  segments: [{ recommended: -2.4 }],
  failed: [],
  warnings: ["no model predicts better than the items' own means (every test R² ≤ 0)"]
}

// The study stopped at "no elasticity model trained: " (an empty reason) when no model beat the baseline.
describe('the study elasticity stage', () => {
  it('goes on with the recommended elasticity when no model beats the baseline, and says so', () => {
    expect(elasticityMessage(run)).toBe(
      'no model predicts better than the baseline; the study goes on with the recommended elasticity from debiased (run 7)'
    )
  })

  it('stops only without any recommended elasticity, and then always with a reason', () => {
    const none = { ...run, segments: [{ recommended: null }] }
    expect(() => elasticityMessage(none)).toThrow(
      /no recommended elasticity in any segment: no model predicts/
    )
    expect(() => elasticityMessage({ ...none, warnings: [] })).toThrow(
      /: no model trained and no debiased estimate$/
    )
  })
})
