import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProjectSession } from '../../../src/backend/project'
import { MODEL_KINDS } from '../../../src/shared/elasticity'
import { fitModel } from '../../../src/core/elasticity/models'
import { listRuns, loadModel, loadRun } from '../../../src/core/elasticity/registry'
import { restoreModel } from '../../../src/core/elasticity/restore'
import { findDataset } from '../../../src/core/data/datasets'
import {
  findScenario,
  latestPricingRun,
  listScenarios,
  loadSettings,
  saveScenario,
  saveSettings
} from '../../../src/core/pricing/store'
import { DEFAULT_SETTINGS } from '../../../src/shared/pricing/defaults'
import type { Db } from '../../../src/core/db/port'
import { syntheticPanel } from '../elasticity/synthetic'
import { newDb, tempDir } from '../../helpers'

const NOW = '2026-01-01T00:00:00.000Z'
const KINDS = MODEL_KINDS.join(', ')

/** Rows as an earlier PriceLab wrote them: bare JSON, no format_version. */
function oldRun(db: Db, report: object, model: object): void {
  db.prepare(
    "INSERT INTO elasticity_runs (run_id, dataset, dataset_version, best_model, plan_json, report_json, created_at) VALUES (1, 'courses', 1, 'ols', '{}', ?, ?)"
  ).run(JSON.stringify(report), NOW)
  db.prepare(
    "INSERT INTO models (run_id, kind, version, dataset, dataset_version, hyperparameters_json, metrics_json, model_json, created_at) VALUES (1, 'ols', 1, 'courses', 1, '{}', '{}', ?, ?)"
  ).run(JSON.stringify(model), NOW)
}

const REPORT = {
  run_id: 1,
  dataset: 'courses',
  dataset_version: 1,
  best_model: 'ols',
  models: [{ name: 'ols', cv_rmse: 0.3 }],
  failed: [],
  segments: [],
  plan: {},
  warnings: [],
  created_at: NOW
}

describe('elasticity runs and models in a project file', () => {
  const panel = syntheticPanel({ elasticity: -1.5, items: 30, periods: 8 })
  const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)

  it('an old unversioned run and model still load, and the model predicts as trained', () => {
    const db = newDb()
    const m = fitModel('ols', panel, rows, { seed: 1 })
    oldRun(db, REPORT, { kind: 'ols', hyperparameters: {}, model: m.serialize() })
    expect(listRuns(db)).toMatchObject([{ run_id: 1, best_model: 'ols', best_cv_rmse: 0.3, models: 1 }])
    expect(loadRun(db, 1)).toMatchObject({ dataset: 'courses', best_model: 'ols' })
    const stored = loadModel(db, 1, 'ols')
    expect(stored?.kind).toBe('ols')
    expect(Array.from(restoreModel(stored!).predict(panel, rows))).toEqual(Array.from(m.predict(panel, rows)))
  })

  it('an unknown model kind is refused with its name, not restored as linear', () => {
    const db = newDb()
    const m = fitModel('ols', panel, rows, { seed: 1 })
    oldRun(db, REPORT, { kind: 'xgboost', hyperparameters: {}, model: m.serialize() })
    expect(() => loadModel(db, 1, 'ols')).toThrow(
      `the saved elasticity model cannot be read: kind: unknown model kind "xgboost" (this PriceLab restores ${KINDS})`
    )
    expect(() => restoreModel({ kind: 'xgboost' as never, model: m.serialize() })).toThrow(
      `the saved model has unknown kind "xgboost": this PriceLab restores ${KINDS}`
    )
  })

  it('a run naming an unknown best model, or saved by a newer version, is refused', () => {
    const db = newDb()
    oldRun(db, { ...REPORT, best_model: 'xgboost' }, { kind: 'ols', model: {} })
    expect(() => loadRun(db, 1)).toThrow(
      /elasticity run cannot be read: best_model: unknown model kind "xgboost"/
    )
    db.prepare('UPDATE elasticity_runs SET report_json = ?').run(
      JSON.stringify({ format_version: 3, ...REPORT })
    )
    expect(() => loadRun(db, 1)).toThrow(
      /this elasticity run was saved by a newer PriceLab \(format version 3/
    )
    // The list names the unreadable run instead of failing whole (issue 29).
    expect(listRuns(db)[0].damaged).toMatch(/saved by a newer PriceLab \(format version 3/)
  })
})

describe('the cross-price matrix saved with a run (report format 2)', () => {
  it('a version-1 run reads with no cross matrix; a saved cell with a non-number is refused by field', () => {
    const db = newDb()
    oldRun(db, REPORT, { kind: 'ols', model: {} })
    db.prepare('UPDATE elasticity_runs SET report_json = ?').run(
      JSON.stringify({ format_version: 1, ...REPORT })
    )
    expect(loadRun(db, 1)).toMatchObject({ cross_group: null, cross: [], cross_own: [] })
    const cell = {
      on: 'A',
      of: 'B',
      elasticity: 0.3,
      ci_low: 0.2,
      ci_high: 0.4,
      n: 10,
      se: 0.05,
      raw: 0.3,
      reading: 'substitutes'
    }
    const v2 = { format_version: 2, ...REPORT, cross_group: 'store', cross: [cell], cross_own: [] }
    db.prepare('UPDATE elasticity_runs SET report_json = ?').run(JSON.stringify(v2))
    expect(loadRun(db, 1)?.cross).toEqual([cell])
    db.prepare('UPDATE elasticity_runs SET report_json = ?').run(
      JSON.stringify({ ...v2, cross: [{ ...cell, ci_high: 'wide' }] })
    )
    expect(() => loadRun(db, 1)).toThrow(/elasticity run cannot be read: cross\.0\.ci_high/)
  })
})

describe('pricing settings, runs and scenarios in a project file', () => {
  it('old unversioned settings load with today’s defaults for the fields they lack; saved ones round-trip', () => {
    const db = newDb()
    db.prepare("INSERT INTO project_meta (key, value) VALUES ('pricing_settings', ?)").run(
      JSON.stringify({ objective: 'margin', guardrails: { max_increase: 0.1 } })
    )
    const s = loadSettings(db)
    expect(s).toMatchObject({ objective: 'margin', demand: DEFAULT_SETTINGS.demand })
    expect(s.guardrails).toEqual({ ...DEFAULT_SETTINGS.guardrails, max_increase: 0.1 })
    saveSettings(db, s)
    expect(loadSettings(db)).toEqual(s)
    db.prepare("UPDATE project_meta SET value = ? WHERE key = 'pricing_settings'").run(
      JSON.stringify({ format_version: 5 })
    )
    expect(() => loadSettings(db)).toThrow(/pricing settings was saved by a newer PriceLab/)
  })

  it('an old unversioned pricing run loads as priced on the model’s own curve', () => {
    const db = newDb()
    const run = { run_id: 1, elasticity_run_id: 1, dataset: 'courses', model: 'gbm', settings: {} }
    db.prepare(
      "INSERT INTO pricing_runs (elasticity_run_id, model, options_json, result_json, created_at) VALUES (1, 'gbm', '{}', ?, ?)"
    ).run(JSON.stringify({ ...run, rows: [], portfolio: {}, warnings: [], created_at: NOW }), NOW)
    expect(latestPricingRun(db)).toMatchObject({ ...run, demand: 'model', refused: null })
    db.prepare('UPDATE pricing_runs SET result_json = ?').run(JSON.stringify({ ...run, format_version: 1 }))
    expect(() => latestPricingRun(db)).toThrow(/the saved pricing run cannot be read: demand: /)
  })

  it('old scenarios load, saved ones round-trip, an unknown model kind is refused', () => {
    const db = newDb()
    const spec = {
      name: 'up',
      kind: 'changes' as const,
      changes: [{ scope: 'all' as const, key: null, change_pct: 5 }],
      model: null,
      market_growth_pct: 0,
      competitor_move_pct: 0,
      cross_elasticity: 0,
      notes: ''
    }
    db.prepare(
      "INSERT INTO pricing_scenarios (name, spec_json, created_at, updated_at) VALUES ('up', ?, ?, ?)"
    ).run(JSON.stringify(spec), NOW, NOW)
    expect(findScenario(db, 'up')).toEqual(spec)
    saveScenario(db, { ...spec, name: 'down', demand: 'model' }, NOW)
    expect(listScenarios(db).map((s) => [s.name, s.demand])).toEqual([
      ['down', 'model'],
      ['up', undefined]
    ])
    saveScenario(db, { ...spec, model: 'xgboost' as never }, NOW)
    expect(() => findScenario(db, 'up')).toThrow(
      `the saved pricing scenario cannot be read: model: unknown model kind "xgboost" (this PriceLab restores ${KINDS})`
    )
  })
})

describe('datasets and the sample description in a project file', () => {
  it('an old unversioned dataset row loads; a newer one is refused', () => {
    const db = newDb()
    db.exec('CREATE TABLE ds_shop (price REAL)')
    db.prepare(
      "INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json) VALUES ('shop', 'ds_shop', 'shop.csv', ?, 2, ?, ?)"
    ).run(NOW, JSON.stringify([{ name: 'price', type: 'number' }]), JSON.stringify({ price: 'price' }))
    expect(findDataset(db, 'shop')).toMatchObject({
      columns: [{ name: 'price', type: 'number' }],
      roles: { price: 'price' }
    })
    db.prepare('UPDATE datasets SET roles_json = ?').run(JSON.stringify({ format_version: 2, price: 'p' }))
    expect(() => findDataset(db, 'shop')).toThrow(/dataset roles was saved by a newer PriceLab/)
  })

  it('the project shows an old unversioned sample description', () => {
    const dir = tempDir()
    const s = ProjectSession.open(join(dir, 'p.pricelab'), { create: true })
    const sample = { seed: 7, scale: 1, start: '2024-01-01', end: '2024-12-31' }
    s.writer
      .prepare("INSERT INTO project_meta (key, value) VALUES ('sample_data', ?)")
      .run(JSON.stringify(sample))
    expect(s.info().sample).toEqual(sample)
    s.writer
      .prepare("UPDATE project_meta SET value = ? WHERE key = 'sample_data'")
      .run(JSON.stringify({ format_version: 9, ...sample }))
    expect(() => s.info()).toThrow(/this sample data description was saved by a newer PriceLab/)
  })
})
