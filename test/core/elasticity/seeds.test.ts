import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { coverage, zRms, type Interval } from './interval-width'
import { acrossSeeds } from './retail-like'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { generateRetailSample } from '../../../src/core/data/sample/retail/generate'
import { loadDatasetPanel, loadSamplePanel, type Panel } from '../../../src/core/elasticity/panel'
import { DEFAULT_PLAN, trainModel } from '../../../src/core/elasticity/train'
import { dmlEstimate } from '../../../src/core/elasticity/dml'
import { buildReport } from '../../../src/core/elasticity/report'

/** The recommended elasticity of a run with log-log OLS and DML (the full defaults: time holdout, within items). */
function recommended(panel: Panel, seed: number) {
  const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
  const models = [trainModel('ols', panel, { ...DEFAULT_PLAN, seed }).report]
  const dml = dmlEstimate(panel, rows, { folds: 3, seed, withinItems: true, repeats: 2 })
  return {
    dml,
    report: buildReport({
      panel,
      plan: DEFAULT_PLAN,
      models,
      failed: [],
      debiased: dml.segments,
      items: dml.items,
      validation: models[0].validation,
      createdAt: 'now',
      wallMs: 0
    })
  }
}

// Small scale (a tenth of the default samples) so the file stays fast; the full-size figures at seeds 1–10 / 1–5
// are in the bench (`npm run bench -- elasticity-seeds`).
describe('the recommended elasticity on both samples, at several generator seeds', () => {
  // The target tolerance (issue 24: own elasticity max error ≤ 0.10), on DML's own estimates as well as the
  // recommended ones, so a fallback to another model cannot hide a broken DML. Scale 0.25 is the smallest that
  // meets it: at 0.1 the largest error is 0.10–0.25 (seeds 1–4); at 0.25 it is 0.05–0.08. Measured with the
  // within-item adjustment removed (no item and period effects): 0.17–0.38 (fails).
  it('EdTech sample (scale 0.25): every category within ±0.10 of the truth, DML and recommended, 90% coverage ≥ 0.7, intervals not too wide (z RMS ≥ 0.5 over seeds 1–3)', () => {
    const all: Interval[] = []
    for (const { seed, value } of acrossSeeds([1, 2, 3], (seed) => {
      const db = newDb()
      generateSampleData(db, { seed, scale: 0.25 })
      return recommended(loadSamplePanel(db), seed)
    })) {
      expect(value.report.validation).toBe('time')
      const seg = value.report.segments
      for (const s of seg)
        expect(
          Math.abs((s.recommended as number) - (s.true as number)),
          `seed ${seed} ${s.segment}`
        ).toBeLessThanOrEqual(0.1)
      const truth = new Map(seg.map((s) => [s.segment, s.true as number]))
      for (const s of value.dml.segments)
        expect(
          Math.abs(s.elasticity - (truth.get(s.segment) as number)),
          `DML seed ${seed} ${s.segment}`
        ).toBeLessThanOrEqual(0.1)
      const covered = seg.filter(
        (s) =>
          (s.recommended_ci_low as number) <= (s.true as number) &&
          (s.true as number) <= (s.recommended_ci_high as number)
      ).length
      expect(covered / seg.length, `seed ${seed}`).toBeGreaterThanOrEqual(0.7)
      all.push(
        ...seg.map((s) => ({
          estimate: s.recommended as number,
          low: s.recommended_ci_low as number,
          high: s.recommended_ci_high as number,
          truth: s.true as number
        }))
      )
    }
    expect(zRms(all)).toBeGreaterThanOrEqual(0.5)
  })

  it('retail sample (8 stores × 7 brands × 104 weeks): brands within ±0.3; per-item pooled median error ≤ 0.3, coverage ≥ 0.7; R² on held-out weeks ≥ 0.7', () => {
    for (const { seed, value } of acrossSeeds([1, 2, 3], (seed) => {
      const db = newDb()
      generateRetailSample(db, { seed, scale: 0.1 })
      const truth = new Map(
        db
          .prepare<{ key: string; value: number }>(
            "SELECT key, value FROM ground_truth WHERE scope = 'retail_item' AND metric = 'elasticity'"
          )
          .all()
          .map((r) => [r.key, r.value])
      )
      return { ...recommended(loadDatasetPanel(db, 'retail_sample'), seed), truth }
    })) {
      const { report, truth } = value
      expect(report.models[0].test_r2, `seed ${seed}`).toBeGreaterThanOrEqual(0.7)
      for (const s of report.segments)
        expect(
          Math.abs((s.recommended as number) - (s.true as number)),
          `seed ${seed} ${s.segment}`
        ).toBeLessThan(0.3)
      const items = report.item_elasticities ?? []
      expect(items.length).toBe(56)
      const errs = items
        .map((i) => Math.abs((i.elasticity as number) - (truth.get(i.item) as number)))
        .sort((a, b) => a - b)
      expect(errs[errs.length >> 1], `seed ${seed}`).toBeLessThanOrEqual(0.3)
      const covered = items.filter(
        (i) =>
          (i.ci_low as number) <= (truth.get(i.item) as number) &&
          (truth.get(i.item) as number) <= (i.ci_high as number)
      ).length
      expect(covered / items.length, `seed ${seed}`).toBeGreaterThanOrEqual(0.7)
      // Not too wide either: at most 98% covered, and errors not tiny against the width.
      const xs = items.map((i) => ({
        estimate: i.elasticity as number,
        low: i.ci_low as number,
        high: i.ci_high as number,
        truth: truth.get(i.item) as number
      }))
      expect(coverage(xs), `seed ${seed}`).toBeLessThanOrEqual(0.98)
      expect(zRms(xs), `seed ${seed}`).toBeGreaterThanOrEqual(0.5)
    }
  })

  // The retail sample is where the controls matter: promotions come with features and displays, so a DML that
  // no longer partials the controls out is 1.1–1.9 off (measured, seeds 1–3); at scale 0.25 the brands' DML
  // estimates are within 0.07–0.08 of the truth (seeds 1–3).
  it("retail sample (scale 0.25): DML's own brand estimates within ±0.10 of the truth (seeds 1–3)", () => {
    for (const { seed, value } of acrossSeeds([1, 2, 3], (seed) => {
      const db = newDb()
      generateRetailSample(db, { seed, scale: 0.25 })
      const truth = new Map(
        db
          .prepare<{ key: string; value: number }>(
            "SELECT key, value FROM ground_truth WHERE scope = 'retail_brand' AND metric = 'elasticity'"
          )
          .all()
          .map((r) => [r.key, r.value])
      )
      const panel = loadDatasetPanel(db, 'retail_sample')
      const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
      return { dml: dmlEstimate(panel, rows, { folds: 3, seed, withinItems: true, repeats: 2 }), truth }
    })) {
      expect(value.dml.segments.length).toBe(7)
      for (const s of value.dml.segments)
        expect(
          Math.abs(s.elasticity - (value.truth.get(s.segment) as number)),
          `seed ${seed} ${s.segment}`
        ).toBeLessThanOrEqual(0.1)
    }
  })
})
