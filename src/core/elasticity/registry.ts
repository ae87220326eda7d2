/** Saved runs and models: reopening a project shows them without retraining; a retrain adds a new version. */
import type { Db } from '../db/port'
import { readJson, readListed, saveJson } from '../db/saved-json'
import { MODEL_FORMAT, REPORT_FORMAT, type SavedModel } from './formats'
import type { ElasticityReport, RunSummary } from '../../shared/elasticity/results'
import { pruneModelBodies, unpackModel, type PackedModel } from './model-store'

/** Saves a run and its models, packed beforehand (in the training worker): the transaction only writes. */
export function saveRun(db: Db, report: ElasticityReport, trained: PackedModel[]): number {
  return db.transaction(() => {
    const run = db
      .prepare(
        'INSERT INTO elasticity_runs (dataset, dataset_version, best_model, plan_json, report_json, created_at) VALUES (?, ?, ?, ?, ?, ?)'
      )
      .run(
        report.dataset,
        report.dataset_version,
        report.best_model,
        JSON.stringify(report.plan),
        '{}',
        report.created_at
      )
    const runId = Number(run.lastInsertRowid)
    const version = db.prepare<{ v: number }>(
      'SELECT coalesce(max(version), 0) + 1 AS v FROM models WHERE dataset = ? AND kind = ?'
    )
    const insert = db.prepare(
      `INSERT INTO models (run_id, kind, version, dataset, dataset_version, hyperparameters_json, metrics_json, model_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    for (const t of trained) {
      const r = t.report
      const v = (version.get(report.dataset, r.name) as { v: number }).v
      const { segments: _s, importance: _i, sample: _p, curves: _c, ...metrics } = r
      insert.run(
        runId,
        r.name,
        v,
        report.dataset,
        report.dataset_version,
        JSON.stringify(r.hyperparameters),
        JSON.stringify(metrics),
        t.body,
        report.created_at
      )
    }
    const saved = { ...report, run_id: runId }
    db.prepare('UPDATE elasticity_runs SET report_json = ? WHERE run_id = ?').run(
      saveJson(REPORT_FORMAT, saved),
      runId
    )
    pruneModelBodies(db)
    return runId
  })
}

export function listRuns(db: Db): RunSummary[] {
  return db
    .prepare<{
      run_id: number
      dataset: string
      dataset_version: number
      best_model: string | null
      created_at: string
      report_json: string
    }>(
      'SELECT run_id, dataset, dataset_version, best_model, created_at, report_json FROM elasticity_runs ORDER BY run_id DESC'
    )
    .all()
    .map((r) => {
      const rep = readListed(REPORT_FORMAT, r.report_json)
      const row = {
        run_id: r.run_id,
        dataset: r.dataset,
        dataset_version: r.dataset_version,
        best_model: r.best_model,
        created_at: r.created_at
      }
      if ('damaged' in rep) return { ...row, best_cv_rmse: null, models: 0, damaged: rep.damaged }
      const best = rep.value.models.find((m) => m.name === r.best_model)
      return { ...row, best_cv_rmse: best?.cv_rmse ?? null, models: rep.value.models.length }
    })
}

export function loadRun(db: Db, runId: number): ElasticityReport | null {
  const r = db
    .prepare<{ report_json: string }>('SELECT report_json FROM elasticity_runs WHERE run_id = ?')
    .get(runId)
  return r ? readJson(REPORT_FORMAT, r.report_json) : null
}

export function latestRun(db: Db, dataset?: string): ElasticityReport | null {
  const r = dataset
    ? db
        .prepare<{ run_id: number }>(
          'SELECT run_id FROM elasticity_runs WHERE dataset = ? ORDER BY run_id DESC LIMIT 1'
        )
        .get(dataset)
    : db.prepare<{ run_id: number }>('SELECT run_id FROM elasticity_runs ORDER BY run_id DESC LIMIT 1').get()
  return r ? loadRun(db, r.run_id) : null
}

/** The stored model of a kind from a run (its serialized parameters), for pricing and scoring later. */
export function loadModel(db: Db, runId: number, kind: string): SavedModel | null {
  const r = db
    .prepare<{ model_json: unknown }>('SELECT model_json FROM models WHERE run_id = ? AND kind = ?')
    .get(runId, kind)
  const text = r ? unpackModel(r.model_json) : null
  return text === null ? null : readJson(MODEL_FORMAT, text)
}
