import { describe, expect, it } from 'vitest'
import {
  recommendSegment,
  recommendationOf,
  elasticityFor,
  pooledElasticity
} from '../../../src/shared/elasticity/recommend'
import type { ModelReport, SegmentEstimate } from '../../../src/shared/elasticity/model-results'
import { buildReport } from '../../../src/core/elasticity/report'
import type { ElasticityReport } from '../../../src/shared/elasticity/results'
import { DEFAULT_PLAN } from '../../../src/core/elasticity/train'
import { retailLikePanel } from './retail-like'

const dml: SegmentEstimate = { segment: 'A', rows: 500, elasticity: -2, ci_low: -2.1, ci_high: -1.9 }
const model = (name: ModelReport['name'], seg: Partial<SegmentEstimate>): ModelReport =>
  ({
    name,
    hyperparameters: { item_baseline: true },
    segments: [
      {
        segment: 'A',
        rows: 500,
        elasticity: -2,
        ci_low: -2.1,
        ci_high: -1.9,
        fold_range: 0.02,
        falling_share: 1,
        ...seg
      }
    ]
  }) as unknown as ModelReport

describe('the recommendation rule', () => {
  it('prefers the debiased estimate over a best-fitting tree that flattens the price response, and says why', () => {
    const gbm = model('gbm', { elasticity: -0.8, ci_low: -0.9, ci_high: -0.7, falling_share: 0.62 })
    const r = recommendSegment('A', gbm, [gbm], dml)
    expect(r.recommended_from).toBe('debiased')
    expect(r.recommended).toBe(-2)
    expect(r.recommended_reason).toContain('Gradient boosting (best fit) not used')
    expect(r.recommended_reason).toContain('demand falls with price at only 62.00% of rows')
    expect(r.recommended_reason).toContain('disagrees with the debiased -2.00')
  })

  it('rejects a nonlinear model that is unstable across folds even when it agrees', () => {
    const gam = model('gam', { elasticity: -1.98, fold_range: 0.4 })
    expect(recommendSegment('A', gam, [gam], dml).recommended_reason).toContain(
      'unstable across folds (moves by 0.40)'
    )
  })

  it('accepts a nonlinear model that is stable, falls with price at ≥ 95% of rows and agrees with the debiased', () => {
    const poly3 = model('poly3', { elasticity: -1.97, ci_low: -2.05, ci_high: -1.89, falling_share: 0.99 })
    const r = recommendSegment('A', poly3, [poly3], dml)
    expect(r.recommended_from).toBe('poly3')
    expect(r.recommended).toBe(-1.97)
  })

  it('falls back to the log-log OLS without a debiased estimate, and to none with the reason', () => {
    const ols = model('ols', { elasticity: -1.8, ci_low: -1.95, ci_high: -1.65 })
    const r = recommendSegment('A', null, [ols], {
      ...dml,
      elasticity: NaN,
      ci_low: NaN,
      ci_high: NaN,
      note: 'not identified: x'
    })
    expect(r.recommended_from).toBe('ols')
    expect(r.recommended_reason).toContain('item fixed effects')
    const none = recommendSegment('A', null, [], {
      ...dml,
      elasticity: NaN,
      ci_low: NaN,
      ci_high: NaN,
      note: 'not identified: x'
    })
    expect(none.recommended).toBeNull()
    expect(none.recommended_reason).toContain('not identified')
  })

  it('gives runs saved before recommendations one from what they stored', () => {
    const old = {
      best_model: 'gbm',
      segments: [
        {
          segment: 'A',
          rows: 1,
          elasticity: -0.8,
          ci_low: -0.9,
          ci_high: -0.7,
          debiased: -2,
          debiased_ci_low: -2.1,
          debiased_ci_high: -1.9,
          true: null,
          warning: null
        },
        {
          segment: 'B',
          rows: 1,
          elasticity: -1.1,
          ci_low: -1.2,
          ci_high: -1,
          debiased: null,
          debiased_ci_low: null,
          debiased_ci_high: null,
          true: null,
          warning: null
        }
      ]
    } as unknown as ElasticityReport
    const rec = recommendationOf(old)
    expect(rec.segments.map((s) => [s.recommended, s.recommended_from])).toEqual([
      [-2, 'debiased'],
      [-1.1, 'gbm']
    ])
    expect(rec.recommended_model).toBe('debiased')
    expect(elasticityFor(rec, 'item-1', 'B')).toMatchObject({ elasticity: -1.1, source: 'segment' })
  })
})

describe('the disagreement warning names the cause the run can show', () => {
  const panel = retailLikePanel({ stores: 2, brands: 1, weeks: 6 })
  const seg = (e: number, falling = 1): SegmentEstimate => ({
    segment: 'brand-1',
    rows: 12,
    elasticity: e,
    ci_low: e - 0.1,
    ci_high: e + 0.1,
    fold_range: 0.02,
    falling_share: falling
  })
  const m = (name: ModelReport['name'], s: SegmentEstimate, cv: number) =>
    ({
      name,
      test_r2: 0.8,
      cv_rmse: cv,
      warnings: [],
      segments: [s],
      hyperparameters: {}
    }) as unknown as ModelReport
  const debiased = [{ ...seg(-1.5), ci_low: -1.6, ci_high: -1.4 }]
  const report = (models: ModelReport[]) =>
    buildReport({ panel, plan: DEFAULT_PLAN, models, failed: [], debiased, createdAt: '', wallMs: 0 })

  it('a tree that flattens the price response (the log-log OLS agrees with the debiased)', () => {
    const r = report([m('gbm', seg(-0.7, 0.7), 0.1), m('ols', seg(-1.52), 0.2)])
    expect(r.best_model).toBe('gbm')
    expect(r.segments[0].warning).toContain('the model flattens the price response')
    expect(r.segments[0].warning).toContain('demand falls with price at only 70.00% of rows')
    expect(r.segments[0].warning).not.toContain('reacted to demand')
    expect(r.segments[0].recommended_from).toBe('debiased')
  })

  it('a linear model on the same controls disagreeing: prices that reacted to demand or a missing control', () => {
    const r = report([m('ols', seg(-0.9), 0.1)])
    expect(r.segments[0].warning).toContain('with the same controls: prices may have reacted to demand')
    expect(r.segments[0].warning).not.toContain('flattens')
  })
})

describe('a segment whose price effect is not identified is flagged (issue 25)', () => {
  it('an interval reaching zero or above is not identified, and the reason says so; a clear one is', () => {
    const wide: SegmentEstimate = { segment: 'A', rows: 500, elasticity: -0.93, ci_low: -2.08, ci_high: 0.21 }
    const r = recommendSegment('A', null, [], wide)
    expect(r.identified).toBe(false)
    expect(r.recommended_reason).toMatch(
      /^not identified: the 90% interval reaches zero or above \(-2\.08 to 0\.21\)/
    )
    expect(recommendSegment('A', null, [], dml).identified).toBe(true)
    expect(recommendSegment('A', null, [], undefined).identified).toBe(false)
  })
})

describe('the pooled elasticity an unidentified segment is priced with (issue 25)', () => {
  const Z = 1.6448536269514722
  const seg = (segment: string, e: number | null, se: number, identified = true) => ({
    segment,
    recommended: e,
    recommended_ci_low: e === null ? null : e - Z * se,
    recommended_ci_high: e === null ? null : e + Z * se,
    recommended_from: 'debiased' as const,
    recommended_reason: '',
    identified
  })

  it('is the inverse-variance mean of the identified segments; the unidentified one does not count', () => {
    const p = pooledElasticity([seg('a', -2, 0.1), seg('b', -2, 0.2), seg('c', 3, 0.1, false)])
    expect(p?.segments).toBe(2)
    expect(p?.elasticity).toBeCloseTo(-2, 10)
    // Agreeing segments: no spread between them, the interval is the mean's (se = 1/√(100 + 25)).
    expect(((p?.ci_high as number) - (p?.ci_low as number)) / (2 * Z)).toBeCloseTo(1 / Math.sqrt(125), 6)
  })

  it('widens by the spread between segments when they disagree, and needs two identified segments', () => {
    const p = pooledElasticity([seg('a', -1.5, 0.05), seg('b', -3.5, 0.05)])
    expect(p?.elasticity).toBeCloseTo(-2.5, 6)
    // A new segment could lie anywhere the identified ones do: the interval reaches both.
    expect(p?.ci_low as number).toBeLessThan(-3.5)
    expect(p?.ci_high as number).toBeGreaterThan(-1.5)
    expect(pooledElasticity([seg('a', -2, 0.1), seg('b', null, 0.1, false)])).toBeNull()
  })
})
