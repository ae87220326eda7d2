import { describe, expect, it } from 'vitest'
import { readJson, saveJson, type SavedFormat } from '../../../src/core/db/saved-json'
import { DomainError } from '../../../src/shared/domain-error'
import { ANALYSIS_FORMAT, DESIGN_FORMAT, PLAN_FORMAT } from '../../../src/core/experiments/formats'
import {
  BANDS_FORMAT,
  CUSTOMER_RUN_FORMAT,
  PROPENSITY_RUN_FORMAT
} from '../../../src/core/propensity/formats'
import { METRICS_FORMAT, STAGES_FORMAT } from '../../../src/core/pipeline/formats'
import { loadBands } from '../../../src/core/propensity/registry'
import { getRun, startRun } from '../../../src/core/pipeline/runs'
import { MODEL_FORMAT, REPORT_FORMAT } from '../../../src/core/elasticity/formats'
import { PRICING_RUN_FORMAT, SCENARIO_FORMAT, SETTINGS_FORMAT } from '../../../src/core/pricing/formats'
import { COLUMNS_FORMAT, ROLES_FORMAT, SAMPLE_META_FORMAT } from '../../../src/core/data/formats'
import { newDb } from '../../helpers'

/** What each format looked like before formats had versions (as saved by earlier PriceLab builds). */
const OLD: [SavedFormat<unknown>, unknown, (v: unknown) => void][] = [
  [
    DESIGN_FORMAT as SavedFormat<unknown>,
    // Saved before designs named a dataset.
    {
      name: 'spring',
      units: 'courses',
      metric: 'revenue',
      arms: [
        { name: 'control', change: { kind: 'none' }, weight: 1 },
        { name: 'up5', change: { kind: 'pct', pct: 5 }, weight: 1 }
      ],
      alpha: 0.05,
      power: 0.8,
      mde: null,
      seed: 7,
      stratify: 'category',
      cluster: false,
      holdout: 0,
      pinned: [],
      exclude: [],
      start_date: null
    },
    (v) => expect(v).toMatchObject({ name: 'spring', dataset: null })
  ],
  [
    PLAN_FORMAT as SavedFormat<unknown>,
    { name: 'spring', seed: 7, units: 40, arms: { control: 20, up5: 20 }, warnings: [] },
    (v) => expect(v).toMatchObject({ units: 40, cuped: null })
  ],
  [
    ANALYSIS_FORMAT as SavedFormat<unknown>,
    { confidence: 0.95, arms: [], comparisons: [], verdict: 'no difference', caveats: [] },
    (v) =>
      expect(v).toMatchObject({ verdict: 'no difference', cuped: null, plan_check: null, planned_size: null })
  ],
  [
    PROPENSITY_RUN_FORMAT as SavedFormat<unknown>,
    { targets: [{ target: 'enrollment', segments: [] }] },
    // Saved before runs kept their data's version: the sample's first version.
    (v) => expect(v).toMatchObject({ price_sensitivity: null, churn_sensitivity: null, dataset_version: 1 })
  ],
  [
    BANDS_FORMAT as SavedFormat<unknown>,
    [
      { name: 'Hot', min: 0.8 },
      { name: 'Cold', min: 0 }
    ],
    (v) =>
      expect(v).toEqual([
        { name: 'Hot', min: 0.8 },
        { name: 'Cold', min: 0 }
      ])
  ],
  [
    CUSTOMER_RUN_FORMAT as SavedFormat<unknown>,
    { dataset: 'telco', target: 'churn', segments: [] },
    (v) => expect(v).toMatchObject({ dataset: 'telco', target: 'churn', dataset_version: 1 })
  ],
  [
    STAGES_FORMAT as SavedFormat<unknown>,
    [{ stage: 'data', status: 'ok', ms: 12, message: null }],
    (v) => expect(v).toEqual([{ stage: 'data', status: 'ok', ms: 12, message: null }])
  ],
  [
    METRICS_FORMAT as SavedFormat<unknown>,
    { best_model: 'gbm', test_r2: 0.8, auc: {}, versions: {} },
    (v) => expect(v).toMatchObject({ best_model: 'gbm', rmse: null, uplift_pct: null })
  ],
  [
    MODEL_FORMAT as SavedFormat<unknown>,
    { kind: 'ols', hyperparameters: {}, model: { beta: [1, -1.5], terms: {}, encoder: {} } },
    (v) => expect(v).toMatchObject({ kind: 'ols', model: { beta: [1, -1.5] } })
  ],
  [
    REPORT_FORMAT as SavedFormat<unknown>,
    // Saved before runs had a validation mode, item elasticities or a recommended model.
    {
      run_id: 3,
      dataset: 'courses',
      dataset_version: 1,
      rows: 500,
      items: 20,
      segment_column: 'category',
      controls: [],
      best_model: 'gbm',
      models: [
        { name: 'gbm', cv_rmse: 0.41 },
        { name: 'ols', cv_rmse: null }
      ],
      failed: [],
      segments: [{ segment: 'data', elasticity: -1.2 }],
      plan: {},
      warnings: [],
      created_at: '2026-01-01T00:00:00.000Z',
      wall_ms: 900
    },
    (v) =>
      expect(v).toMatchObject({ run_id: 3, best_model: 'gbm', models: [{ name: 'gbm' }, { name: 'ols' }] })
  ],
  [
    SETTINGS_FORMAT as SavedFormat<unknown>,
    // Saved before the demand choice existed.
    { objective: 'margin', min_volume_share: 0.9, cost_share: null, guardrails: { max_increase: 0.2 } },
    (v) => expect(v).toMatchObject({ objective: 'margin', guardrails: { max_increase: 0.2 } })
  ],
  [
    PRICING_RUN_FORMAT as SavedFormat<unknown>,
    // Saved before the causal demand curve and the do-no-harm refusal.
    {
      run_id: 2,
      elasticity_run_id: 1,
      dataset: 'courses',
      model: 'gbm',
      settings: { objective: 'revenue' },
      rows: [{ item_id: 'c1', current_price: 10, recommended_price: 11 }],
      portfolio: { revenue_before: 10, revenue_after: 11 },
      comparison: [],
      categories: [],
      warnings: [],
      created_at: '2026-01-01T00:00:00.000Z',
      ms: 40
    },
    (v) =>
      expect(v).toMatchObject({ model: 'gbm', demand: 'model', refused: null, rows: [{ item_id: 'c1' }] })
  ],
  [
    SCENARIO_FORMAT as SavedFormat<unknown>,
    // Saved before a scenario chose its demand curve.
    {
      name: 'up 5%',
      kind: 'changes',
      changes: [{ scope: 'all', key: null, change_pct: 5 }],
      model: null,
      market_growth_pct: 0,
      competitor_move_pct: 0,
      cross_elasticity: 0.5,
      notes: ''
    },
    (v) => expect(v).toMatchObject({ name: 'up 5%', model: null, changes: [{ change_pct: 5 }] })
  ],
  [
    COLUMNS_FORMAT as SavedFormat<unknown>,
    [
      { name: 'item', type: 'text' },
      { name: 'price', type: 'number' }
    ],
    (v) =>
      expect(v).toEqual([
        { name: 'item', type: 'text' },
        { name: 'price', type: 'number' }
      ])
  ],
  [
    ROLES_FORMAT as SavedFormat<unknown>,
    { item: 'item', segments: ['brand'], price: 'price', quantity: 'units' },
    (v) => expect(v).toEqual({ item: 'item', segments: ['brand'], price: 'price', quantity: 'units' })
  ],
  [
    SAMPLE_META_FORMAT as SavedFormat<unknown>,
    { seed: 42, scale: 1, start: '2024-01-01', end: '2025-12-31', generatorVersion: 1 },
    (v) => expect(v).toMatchObject({ seed: 42, scale: 1, start: '2024-01-01' })
  ]
]

describe('versioned saved formats', () => {
  it.each(OLD.map((o) => [o[0].what, ...o] as const))(
    '%s: an old unversioned value still loads',
    (_, f, old, check) => {
      check(readJson(f, JSON.stringify(old)))
    }
  )

  it.each(OLD.map((o) => [o[0].what, ...o] as const))(
    '%s: a saved value carries its version and reads back; a newer version is refused',
    (_, f, old) => {
      const text = saveJson(f, readJson(f, JSON.stringify(old)))
      expect(JSON.parse(text)).toMatchObject({ format_version: f.version })
      expect(readJson(f, saveJson(f, readJson(f, text)))).toEqual(readJson(f, text))
      const future = { ...(JSON.parse(text) as object), format_version: f.version + 1 }
      let err: unknown
      try {
        readJson(f, JSON.stringify(future))
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(DomainError)
      expect((err as DomainError).code).toBe('schema_too_new')
      expect((err as DomainError).message).toBe(
        `this ${f.what} was saved by a newer PriceLab (format version ${f.version + 1}; this version reads up to ${f.version}). Update PriceLab to open it.`
      )
    }
  )

  it('a value missing a field its readers need is refused, naming the field', () => {
    expect(() =>
      readJson(PLAN_FORMAT, JSON.stringify({ name: 'x', seed: 1, arms: {}, warnings: [] }))
    ).toThrow(/the saved experiment plan cannot be read: units: /)
  })

  it('the stores read old rows from a project file', () => {
    const db = newDb()
    db.prepare("INSERT INTO project_meta (key, value) VALUES ('propensity_bands', ?)").run(
      JSON.stringify([{ name: 'Hot', min: 0.9 }])
    )
    expect(loadBands(db)).toEqual([{ name: 'Hot', min: 0.9 }])
    const id = startRun(db, 'old', {}, [], '2026-01-01')
    db.prepare('UPDATE pipeline_runs SET stages_json = ?, metrics_json = ? WHERE run_id = ?').run(
      JSON.stringify([{ stage: 'data', status: 'ok', ms: 5, message: null }]),
      JSON.stringify({ best_model: null, test_r2: null, auc: { churn: 0.7 }, versions: {} }),
      id
    )
    const run = getRun(db, id)
    expect(run?.stages).toHaveLength(1)
    expect(run?.metrics).toMatchObject({ auc: { churn: 0.7 }, mape: null })
    db.prepare('UPDATE pipeline_runs SET metrics_json = ? WHERE run_id = ?').run(
      JSON.stringify({ format_version: 99 }),
      id
    )
    expect(() => getRun(db, id)).toThrow(/study run metrics was saved by a newer PriceLab/)
  })
})

describe('propensity runs keep the version of their data', () => {
  it('a run saved at format version 1 (before) reads as trained on version 1; a bad version is refused', () => {
    const v1 = { format_version: 1, dataset: 'telco', target: 'churn', segments: [] }
    expect(readJson(CUSTOMER_RUN_FORMAT, JSON.stringify(v1))).toMatchObject({ dataset_version: 1 })
    const learners = { format_version: 1, targets: [], price_sensitivity: null, churn_sensitivity: null }
    expect(readJson(PROPENSITY_RUN_FORMAT, JSON.stringify(learners))).toMatchObject({ dataset_version: 1 })
    expect(
      readJson(CUSTOMER_RUN_FORMAT, JSON.stringify({ ...v1, format_version: 2, dataset_version: 3 }))
    ).toMatchObject({ dataset_version: 3 })
    for (const bad of [0, 1.5, '2', null])
      expect(() =>
        readJson(CUSTOMER_RUN_FORMAT, JSON.stringify({ ...v1, format_version: 2, dataset_version: bad }))
      ).toThrow(/the saved customer propensity run cannot be read: dataset_version/)
  })
})
