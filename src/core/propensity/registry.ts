import type { Db } from '../db/port'
import { bandOf, riskSensitivityMatrix, SENSITIVITY_BANDS } from './segments'
import type { CurrentScores, TargetReport } from './train'
import type { SensitivityScores } from './price-sensitivity'

export interface PropensityRun {
  run_id: number
  cutoff: string
  scored_as_of: string
  created_at: string
  targets: TargetReport[]
  /** The revealed-preference price-sensitivity score (0–1): how many learners it could judge, and its agreement with the truth on sample data. */
  price_sensitivity: { scored: number; spearman_with_truth: number | null } | null
  /** Learners by churn band × price-sensitivity band (when churn was trained). */
  churn_sensitivity: ReturnType<typeof riskSensitivityMatrix> | null
}

type Saved = Pick<PropensityRun, 'targets' | 'price_sensitivity' | 'churn_sensitivity'>

/** Saves a run's reports and every learner's scores (each target, and price sensitivity) in one transaction. */
export function savePropensityRun(
  db: Db,
  reports: TargetReport[],
  current: CurrentScores[],
  sensitivity: SensitivityScores,
  createdAt: string
): PropensityRun {
  const churnAt = reports.findIndex((r) => r.target === 'churn')
  const asMap = (ids: Int32Array, s: Float64Array) => new Map(Array.from(ids, (id, i) => [id, s[i]]))
  const saved: Saved = {
    targets: reports,
    price_sensitivity: { scored: sensitivity.scored, spearman_with_truth: sensitivity.spearman_with_truth },
    churn_sensitivity:
      churnAt >= 0
        ? riskSensitivityMatrix(
            asMap(current[churnAt].learnerIds, current[churnAt].score),
            asMap(sensitivity.learnerIds, sensitivity.score)
          )
        : null
  }
  const scoredAsOf = current[0]?.asOf ?? reports[0].cutoff
  const runId = db.transaction(() => {
    const run = db
      .prepare(
        'INSERT INTO propensity_runs (cutoff, scored_as_of, report_json, created_at) VALUES (?, ?, ?, ?)'
      )
      .run(reports[0].cutoff, scoredAsOf, JSON.stringify(saved), createdAt)
    const id = Number(run.lastInsertRowid)
    const insert = db.prepare(
      'INSERT INTO learner_scores (run_id, learner_id, target, score, segment) VALUES (?, ?, ?, ?, ?)'
    )
    reports.forEach((r, k) => {
      const c = current[k]
      for (let i = 0; i < c.learnerIds.length; i++)
        insert.run(id, c.learnerIds[i], r.target, c.score[i], bandOf(c.score[i]))
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
  return {
    run_id: runId,
    cutoff: reports[0].cutoff,
    scored_as_of: scoredAsOf,
    created_at: createdAt,
    ...saved
  }
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
  const saved = JSON.parse(r.report_json) as Saved
  return {
    run_id: r.run_id,
    cutoff: r.cutoff,
    scored_as_of: r.scored_as_of,
    created_at: r.created_at,
    ...saved
  }
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
