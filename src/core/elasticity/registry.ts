/** Saved runs and models: reopening a project shows them without retraining; a retrain adds a new version. */
import type { Db } from '../db/port'
import { readJson, readListed, saveJson, saveJsonInTurns } from '../db/saved-json'
import { MODEL_FORMAT, REPORT_FORMAT, type SavedModel } from './formats'
import type { ElasticityReport, RunSummary } from '../../shared/elasticity/results'
import { pruneModelBodies, unpackModel, type PackedModel } from './model-store'
import { DomainError } from '../../shared/domain-error'
import { dataVersionNow, staleRunReason } from '../data/run-versions'
import { bodyCheck } from './body-check'
import { SAMPLE_DATASET } from './panel'

/** Stands for the run id in a report serialized before the save knows it (a string no report holds). */
const RUN_ID_MARK = '\u0000run id\u0000'
const MARKED = `"run_id":${JSON.stringify(RUN_ID_MARK)}`

/**
 * A report's saved text (REPORT_FORMAT), serialized in pieces before the write (≈ 0.7 MB on the sample: 4–8 ms
 * in one piece), with a mark where the run id goes; `saveRun` puts the id in. Null when the mark is not found
 * exactly once (then `saveRun` serializes the report itself).
 */
export async function reportTextInTurns(report: ElasticityReport): Promise<ReportText | null> {
  const text = await saveJsonInTurns(REPORT_FORMAT, { ...report, run_id: RUN_ID_MARK as unknown as number })
  const at = text.indexOf(MARKED)
  return at >= 0 && text.indexOf(MARKED, at + 1) < 0
    ? { before: text.slice(0, at), after: text.slice(at + MARKED.length) }
    : null
}

export interface ReportText {
  before: string
  after: string
}

/**
 * Saves a run and its models, packed and fingerprinted beforehand (in the training worker), with the report's
 * text when it was serialized beforehand (`reportTextInTurns`): the transaction only writes.
 */
export function saveRun(
  db: Db,
  report: ElasticityReport,
  trained: PackedModel[],
  text?: ReportText | null
): number {
  return db.transaction(() => {
    const steps = saveSteps(db, report, trained, text)
    for (;;) {
      const s = steps.next()
      if (s.done) return s.value
    }
  })
}

/**
 * The same save, one statement per turn of the event loop inside one transaction (still all or nothing):
 * on the sample the forest's body (1.3 MB), the report (0.7 MB) and pruning an older run's report take
 * 4–9 ms each, which in one piece kept the thread that serves the window busy for 15–30 ms. Writes are
 * serialized by the caller (the project's write lock): nothing else writes between the turns, and readers
 * (their own connection) see the run only once it is committed. The commit does not checkpoint the
 * write-ahead log (10–30 ms once the log passes 1,000 pages): the caller has it done off this thread.
 */
export async function saveRunInTurns(
  db: Db,
  report: ElasticityReport,
  trained: PackedModel[],
  text: ReportText | null,
  nextTurn: () => Promise<void>
): Promise<number> {
  const pages = db.pragma('wal_autocheckpoint') as { wal_autocheckpoint: number }[]
  db.exec('BEGIN IMMEDIATE')
  let committed = false
  try {
    const steps = saveSteps(db, report, trained, text)
    for (;;) {
      const s = steps.next()
      if (s.done) {
        db.pragma('wal_autocheckpoint = 0')
        db.exec('COMMIT')
        committed = true
        return s.value
      }
      await nextTurn()
    }
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK')
    db.pragma(`wal_autocheckpoint = ${pages[0]?.wal_autocheckpoint ?? 1000}`)
  }
}

/** The statements of a save, yielding between the large ones; returns the run id. */
function* saveSteps(
  db: Db,
  report: ElasticityReport,
  trained: PackedModel[],
  text?: ReportText | null
): Generator<void, number> {
  yield // the transaction's first statements on a turn of their own
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
      // The body's fingerprint rides with the metrics (written, never shown): listRuns checks it.
      JSON.stringify({ ...metrics, body_check: t.check }),
      t.body,
      report.created_at
    )
    // A forest's body is megabytes; the linear models' a few kilobytes (no turn needed after those).
    if (t.body.length > 1 << 16) yield
  }
  const saved = text
    ? `${text.before}"run_id":${runId}${text.after}`
    : saveJson(REPORT_FORMAT, { ...report, run_id: runId })
  yield
  db.prepare('UPDATE elasticity_runs SET report_json = ? WHERE run_id = ?').run(saved, runId)
  yield
  pruneModelBodies(db)
  yield // the commit on a turn of its own
  return runId
}

export function listRuns(db: Db): RunSummary[] {
  const damagedBodies = bodyDamage(db)
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
      const body = damagedBodies.get(r.run_id)
      const rep: ReturnType<typeof readListed<ElasticityReport>> = body
        ? { damaged: body }
        : readListed(REPORT_FORMAT, r.report_json)
      const row = {
        run_id: r.run_id,
        dataset: r.dataset,
        dataset_version: r.dataset_version,
        best_model: r.best_model,
        created_at: r.created_at
      }
      if ('damaged' in rep) return { ...row, best_cv_rmse: null, models: 0, damaged: rep.damaged }
      const best = rep.value.models.find((m) => m.name === r.best_model)
      const stale = staleReason(db, { ...row, run_id: r.run_id })
      return {
        ...row,
        best_cv_rmse: best?.cv_rmse ?? null,
        models: rep.value.models.length,
        ...(stale ? { stale } : {})
      }
    })
}

/** The version of a dataset now in the project, or null when it is gone. */
export function currentDatasetVersion(db: Db, dataset: string): number | null {
  return dataVersionNow(db, { sample: dataset === SAMPLE_DATASET, dataset })
}

/**
 * Why a run no longer describes its data (regenerated, or replaced by a new import), or null.
 * A stale run is listed as such and never priced, served or planned from without a word.
 */
export function staleReason(
  db: Db,
  run: { run_id: number | null; dataset: string; dataset_version: number }
): string | null {
  return staleRunReason(db, 'elasticity', { ...run, sample: run.dataset === SAMPLE_DATASET })
}

/** The run itself when it still describes its data; a stale one is refused with the reason. */
export function currentRun<T extends ElasticityReport | null>(db: Db, run: T): T {
  const stale = run ? staleReason(db, run) : null
  if (stale) throw new DomainError('invalid_input', stale)
  return run
}

export function loadRun(db: Db, runId: number): ElasticityReport | null {
  const r = db
    .prepare<{ report_json: string }>('SELECT report_json FROM elasticity_runs WHERE run_id = ?')
    .get(runId)
  return r ? readJson(REPORT_FORMAT, r.report_json) : null
}

/** The id of the latest elasticity run of the project, or of one dataset; null when there is none. */
export function latestRunId(db: Db, dataset?: string): number | null {
  const r = dataset
    ? db
        .prepare<{ run_id: number }>(
          'SELECT run_id FROM elasticity_runs WHERE dataset = ? ORDER BY run_id DESC LIMIT 1'
        )
        .get(dataset)
    : db.prepare<{ run_id: number }>('SELECT run_id FROM elasticity_runs ORDER BY run_id DESC LIMIT 1').get()
  return r ? r.run_id : null
}

export function latestRun(db: Db, dataset?: string): ElasticityReport | null {
  const id = latestRunId(db, dataset)
  return id === null ? null : loadRun(db, id)
}

/** The saved model body's fingerprint, null for a body saved before fingerprints (or unreadable metrics). */
function savedCheck(metricsJson: string): string | null {
  try {
    const m = JSON.parse(metricsJson) as { body_check?: unknown }
    return typeof m.body_check === 'string' ? m.body_check : null
  } catch {
    return null // the metrics are written, never read: damage there does not touch the model
  }
}

function bodyReason(kind: string): string {
  return `the saved model "${kind}" is damaged (its bytes changed after it was saved): train the elasticity run again`
}

/** Runs whose kept model bodies no longer match their fingerprints, with the reason. */
function bodyDamage(db: Db): Map<number, string> {
  const out = new Map<number, string>()
  const rows = db
    .prepare<{ run_id: number; kind: string; model_json: unknown; metrics_json: string }>(
      "SELECT run_id, kind, model_json, metrics_json FROM models WHERE model_json <> ''"
    )
    .all()
  for (const r of rows) {
    const check = savedCheck(r.metrics_json)
    if (check && !out.has(r.run_id) && bodyCheck(r.model_json as Uint8Array | string) !== check)
      out.set(r.run_id, bodyReason(r.kind))
  }
  return out
}

/** The stored model of a kind from a run (its serialized parameters), for pricing and scoring later. */
export function loadModel(db: Db, runId: number, kind: string): SavedModel | null {
  const r = db
    .prepare<{ model_json: unknown; metrics_json: string }>(
      'SELECT model_json, metrics_json FROM models WHERE run_id = ? AND kind = ?'
    )
    .get(runId, kind)
  const check = r && r.model_json !== '' ? savedCheck(r.metrics_json) : null
  if (r && check && bodyCheck(r.model_json as Uint8Array | string) !== check)
    throw new DomainError('invalid_input', `elasticity run ${runId}: ${bodyReason(kind)}`)
  const text = r ? unpackModel(r.model_json) : null
  if (text === null) return null
  try {
    return readJson(MODEL_FORMAT, text)
  } catch (e) {
    // Which run is damaged is what the analyst needs to act (retrain it): said before the reason.
    if (e instanceof DomainError) throw new DomainError(e.code, `elasticity run ${runId}: ${e.message}`)
    throw e
  }
}
