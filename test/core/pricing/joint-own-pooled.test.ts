import { describe, expect, it } from 'vitest'
import {
  JOINT_SOURCE,
  POOLED_SOURCE,
  jointOwnElasticities,
  type SourcedElasticity
} from '../../../src/core/pricing/causal-demand'
import type { ElasticityReport } from '../../../src/shared/elasticity/results'

/**
 * A segment priced with the pooled estimate (its own is not identified, issue 25) keeps it when
 * the cross terms are applied: its joint own estimate comes from the same prices that barely move,
 * so it is as noisy as the one pooling replaced (issue 24 × 25, found while merging).
 */
describe('joint own elasticities and pooled segments', () => {
  const base = new Map<string, SourcedElasticity>([
    ['A', { elasticity: -2.1, ci_low: -2.4, ci_high: -1.8, from: 'recommended (debiased)' }],
    ['B', { elasticity: -2.3, ci_low: -2.8, ci_high: -1.9, from: POOLED_SOURCE, source: 'pooled' }]
  ])
  const report = {
    cross_own: [
      { segment: 'A', elasticity: -2.0, ci_low: -2.3, ci_high: -1.7, n: 400 },
      { segment: 'B', elasticity: -4.62, ci_low: -7.48, ci_high: -1.77, n: 400 }
    ]
  } as unknown as ElasticityReport

  it('replaces an identified segment by its joint estimate and leaves a pooled one pooled', () => {
    const { el, shift } = jointOwnElasticities(report, base)
    expect(el.get('A')).toMatchObject({ elasticity: -2.0, from: JOINT_SOURCE })
    expect(shift.get('A')).toBeCloseTo(0.1, 12)
    expect(el.get('B')).toMatchObject({ elasticity: -2.3, from: POOLED_SOURCE, source: 'pooled' })
    expect(shift.has('B')).toBe(false)
  })
})
