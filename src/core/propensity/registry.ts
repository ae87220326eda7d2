import type { Db } from '../db/port'
import { bandOf, DEFAULT_BANDS, riskSensitivityMatrix, segmentSummary, SENSITIVITY_BANDS } from './segments'
import type { Band, TargetReport, LearnerWhy, PropensityRun } from '../../shared/propensity/results'
import type { CurrentScores } from './train'
import type { SensitivityScores } from './price-sensitivity'
import { readJson, saveJson } from '../db/saved-json'
import { BANDS_FORMAT, PROPENSITY_RUN_FORMAT, type SavedPropensityRun } from './formats'
import { staleRunReason } from '../data/run-versions'

type Saved = SavedPropensityRun

/**
 * Saves a run's reports and every learner's scores (each target, and price sensitivity) in one transaction.
 * `sampleVersion` is the sample's version when training started: a run saved after a regeneration is stale.
 */
export function savePropensityRun(
  db: Db,
  trained: TargetReport[],
  current: CurrentScores[],
  sensitivity: SensitivityScores,
  createdAt: string,
  sampleVersion: number
): PropensityRun {
  const bands = loadBands(db)
  // Segments of the learners scored today, with the project's bands (editable later with applyBands).
  const reports = trained.map((r, k) => ({ ...r, segments: segmentSummary(current[k].score, bands) }))
  const churnAt = reports.findIndex((r) => r.target === 'churn')
  const asMap = (ids: Int32Array, s: Float64Array) => new Map(Array.from(ids, (id, i) => [id, s[i]]))
  const saved: Saved = {
    dataset_version: sampleVersion,
    targets: reports,
    price_sensitivity: { scored: sensitivity.scored, spearman_with_truth: sensitivity.spearman_with_truth },
    churn_sensitivity:
      churnAt >= 0
        ? riskSensitivityMatrix(
            asMap(current[churnAt].learnerIds, current[churnAt].score),
            asMap(sensitivity.learnerIds, sensitivity.score),
            bands
          )
        : null
  }
  const scoredAsOf = current[0]?.asOf ?? reports[0].cutoff
  const runId = db.transaction(() => {
    const run = db
      .prepare(
        'INSERT INTO propensity_runs (cutoff, scored_as_of, report_json, created_at) VALUES (?, ?, ?, ?)'
      )
      .run(reports[0].cutoff, scoredAsOf, saveJson(PROPENSITY_RUN_FORMAT, saved), createdAt)
    const id = Number(run.lastInsertRowid)
    const insert = db.prepare(
      'INSERT INTO learner_scores (run_id, learner_id, target, score, segment) VALUES (?, ?, ?, ?, ?)'
    )
    const why = db.prepare(
      'INSERT INTO learner_contributions (run_id, learner_id, target, top_json) VALUES (?, ?, ?, ?)'
    )
    reports.forEach((r, k) => {
      const c = current[k]
      const K = c.why.feature.length / Math.max(1, c.learnerIds.length)
      for (let i = 0; i < c.learnerIds.length; i++) {
        insert.run(id, c.learnerIds[i], r.target, c.score[i], bandOf(c.score[i], bands))
        const top = []
        for (let j = 0; j < K; j++) {
          const f = c.why.feature[i * K + j]
          if (f >= 0)
            top.push({
              feature: c.why.features[f],
              contribution: Math.round(c.why.delta[i * K + j] * 1e4) / 1e4,
              value: Math.round(c.why.value[i * K + j] * 1e4) / 1e4
            })
        }
        why.run(id, c.learnerIds[i], r.target, JSON.stringify(top))
      }
    })
    for (let i = 0; i < sensitivity.learnerIds.length; i++)
      insert.run(
        id,
        sensitivity.learnerIds[i],
        'price_sensitivity',
        sensitivity.score[i],
        bandOf(sensitivity.score[i], SENSITIVITY_BANDS)
      )
    return id
  })
  return withStale(db, {
    run_id: runId,
    cutoff: reports[0].cutoff,
    scored_as_of: scoredAsOf,
    created_at: createdAt,
    ...saved,
    bands
  })
}

/** The run, marked `stale` (with the reason and the fix) when the sample was regenerated since it was trained. */
function withStale(db: Db, run: PropensityRun): PropensityRun {
  const stale = staleRunReason(db, 'propensity', { ...run, sample: true, dataset: 'sample' })
  return stale ? { ...run, stale } : run
}

export function latestPropensityRun(db: Db): PropensityRun | null {
  const r = db
    .prepare<{
      run_id: number
      cutoff: string
      scored_as_of: string
      created_at: string
      report_json: string
    }>('SELECT * FROM propensity_runs ORDER BY run_id DESC LIMIT 1')
    .get()
  if (!r) return null
  const saved = readJson(PROPENSITY_RUN_FORMAT, r.report_json)
  return withStale(db, {
    run_id: r.run_id,
    cutoff: r.cutoff,
    scored_as_of: r.scored_as_of,
    created_at: r.created_at,
    ...saved,
    bands: loadBands(db)
  })
}

/** One row per learner: each target's score and segment, for the export and the learner lookup. */
export function scoredLearners(
  db: Db,
  runId: number,
  learnerId?: number
): { header: string[]; rows: (number | string)[][] } {
  const targets = db
    .prepare<{ target: string }>(
      'SELECT DISTINCT target FROM learner_scores WHERE run_id = ? ORDER BY target'
    )
    .all(runId)
    .map((t) => t.target)
  const header = ['learner_id', ...targets.flatMap((t) => [`${t}_score`, `${t}_segment`])]
  const byLearner = new Map<number, (number | string)[]>()
  const rows = db
    .prepare<{ learner_id: number; target: string; score: number; segment: string }>(
      `SELECT learner_id, target, score, segment FROM learner_scores WHERE run_id = ?${learnerId === undefined ? '' : ' AND learner_id = ?'} ORDER BY learner_id`
    )
    .all(...(learnerId === undefined ? [runId] : [runId, learnerId]))
  for (const r of rows) {
    let row = byLearner.get(r.learner_id)
    if (!row) byLearner.set(r.learner_id, (row = [r.learner_id, ...targets.flatMap(() => ['', ''])]))
    const k = targets.indexOf(r.target)
    row[1 + 2 * k] = Math.round(r.score * 1e6) / 1e6
    row[2 + 2 * k] = r.segment
  }
  return { header, rows: [...byLearner.values()] }
}

/** The enrollment bands of the project (Hot / Warm / Cold / Dormant thresholds), as last set. */
export function loadBands(db: Db): Band[] {
  const r = db
    .prepare<{ value: string }>("SELECT value FROM project_meta WHERE key = 'propensity_bands'")
    .get()
  return r ? readJson(BANDS_FORMAT, r.value) : DEFAULT_BANDS
}

/**
 * New thresholds, applied to a stored run without retraining: every learner's
 * segment, each target's segment summary and the churn × sensitivity matrix.
 */
export function applyBands(db: Db, runId: number, bands: Band[]): void {
  db.transaction(() => {
    db.prepare("INSERT OR REPLACE INTO project_meta (key, value) VALUES ('propensity_bands', ?)").run(
      saveJson(BANDS_FORMAT, bands)
    )
    const row = db
      .prepare<{ report_json: string }>('SELECT report_json FROM propensity_runs WHERE run_id = ?')
      .get(runId)
    if (!row) return
    const saved = readJson(PROPENSITY_RUN_FORMAT, row.report_json)
    const scores = (target: string) =>
      db
        .prepare<{ learner_id: number; score: number; segment: string }>(
          'SELECT learner_id, score, segment FROM learner_scores WHERE run_id = ? AND target = ?'
        )
        .all(runId, target)
    // Every trained target's learners take the band bandOf gives them (one rule for saving and for
    // editing); only the learners whose band changes are written.
    const setSegment = db.prepare(
      'UPDATE learner_scores SET segment = ? WHERE run_id = ? AND learner_id = ? AND target = ?'
    )
    const byTarget = new Map<string, Map<number, number>>()
    for (const t of saved.targets) {
      const rows = scores(t.target)
      for (const r of rows) {
        const band = bandOf(r.score, bands)
        if (band !== r.segment) setSegment.run(band, runId, r.learner_id, t.target)
      }
      t.segments = segmentSummary(
        rows.map((r) => r.score),
        bands
      )
      byTarget.set(t.target, new Map(rows.map((r) => [r.learner_id, r.score])))
    }
    const churn = byTarget.get('churn')
    if (saved.churn_sensitivity && churn)
      saved.churn_sensitivity = riskSensitivityMatrix(
        churn,
        new Map(scores('price_sensitivity').map((r) => [r.learner_id, r.score])),
        bands
      )
    db.prepare('UPDATE propensity_runs SET report_json = ? WHERE run_id = ?').run(
      saveJson(PROPENSITY_RUN_FORMAT, saved),
      runId
    )
  })
}

/** One learner's scores with the features that move each score most. */
export function learnerWhy(db: Db, runId: number, learnerId: number): LearnerWhy[] {
  return db
    .prepare<{ target: string; score: number; segment: string; top_json: string | null }>(
      `SELECT s.target, s.score, s.segment, c.top_json FROM learner_scores s
       LEFT JOIN learner_contributions c USING (run_id, learner_id, target)
       WHERE s.run_id = ? AND s.learner_id = ? ORDER BY s.target`
    )
    .all(runId, learnerId)
    .map((r) => ({
      target: r.target,
      score: r.score,
      segment: r.segment,
      top: r.top_json ? JSON.parse(r.top_json) : []
    }))
}
