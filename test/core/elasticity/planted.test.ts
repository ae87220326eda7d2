import { describe, expect, it } from 'vitest'
import { syntheticPanel } from './synthetic'
import { DEFAULT_PLAN, trainModel } from '../../../src/core/elasticity/train'
import { MODEL_KINDS } from '../../../src/shared/elasticity'
import { dmlElasticities } from '../../../src/core/elasticity/dml'
import { buildReport } from '../../../src/core/elasticity/report'

describe('a planted elasticity of −1.5', () => {
  const panel = syntheticPanel({ elasticity: -1.5 })
  const all = Uint32Array.from({ length: panel.n }, (_, i) => i)

  for (const kind of MODEL_KINDS) {
    it(`is recovered within ±0.1 by ${kind}`, () => {
      const { report } = trainModel(kind, panel, DEFAULT_PLAN)
      expect(Math.abs(report.elasticity + 1.5)).toBeLessThan(0.1)
      for (const s of report.segments) {
        expect(s.ci_low).toBeLessThan(s.elasticity)
        expect(s.ci_high).toBeGreaterThan(s.elasticity)
      }
      expect(report.test_r2).toBeGreaterThan(0.5)
      expect(Number.isFinite(report.cv_rmse)).toBe(true)
    })
  }

  it('is recovered by the debiased (DML) estimate, with intervals that cover it', () => {
    const d = dmlElasticities(panel, all, { folds: 3, seed: 1, withinItems: false })
    for (const s of d) expect(Math.abs(s.elasticity + 1.5)).toBeLessThan(0.1)
    // 90% intervals: each misses one time in ten, so ask for two of the three segments.
    expect(d.filter((s) => s.ci_low < -1.5 && s.ci_high > -1.5).length).toBeGreaterThanOrEqual(2)
  })

  it('an unmeasured item trait biases the controls-only estimate; the within-item estimate recovers the truth', () => {
    const hidden = syntheticPanel({ elasticity: -1.5, hiddenTrait: 0.3, seed: 2 })
    const rows = Uint32Array.from({ length: hidden.n }, (_, i) => i)
    const across = dmlElasticities(hidden, rows, { folds: 3, seed: 1, withinItems: false })
    const within = dmlElasticities(hidden, rows, { folds: 3, seed: 1, withinItems: true })
    for (const s of across) expect(s.elasticity).toBeGreaterThan(-1.3)
    for (const s of within) expect(Math.abs(s.elasticity + 1.5)).toBeLessThan(0.1)
  })

  it('a plain regression without the quality control is confounded, and the report says so', () => {
    // Without quality, higher prices look less harmful: the naive slope is biased towards zero. Quality is an
    // item's trait, so a model that knows each item's baseline (validation over rows within items, the default
    // without a period column since issue 28) absorbs it; validated on new items the model has no baseline.
    const blind = { ...panel, controls: panel.controls.filter((c) => c.name !== 'quality') }
    const naive = trainModel('ols', blind, { ...DEFAULT_PLAN, validation: 'items' }).report
    expect(naive.elasticity).toBeGreaterThan(-1.4)
    const report = buildReport({
      panel,
      plan: DEFAULT_PLAN,
      models: [naive],
      failed: [],
      debiased: dmlElasticities(panel, all, { folds: 3, seed: 1, withinItems: false }),
      createdAt: 'now',
      wallMs: 1
    })
    expect(report.best_model).toBe('ols')
    expect(report.segments.some((s) => s.warning?.includes('disagree'))).toBe(true)
  })

  it('picks the best model by cross-validated error', () => {
    const models = (['ols', 'rf'] as const).map((k) => trainModel(k, panel, DEFAULT_PLAN).report)
    const report = buildReport({
      panel,
      plan: DEFAULT_PLAN,
      models,
      failed: [],
      debiased: null,
      createdAt: 'now',
      wallMs: 1
    })
    const best = [...models].sort((a, b) => a.cv_rmse - b.cv_rmse)[0]
    expect(report.best_model).toBe(best.name)
  })
})
