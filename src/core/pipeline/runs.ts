import type { Db } from '../db/port'
import type { PipelineRun, RunMetrics, StageRecord } from '../../shared/study'
import { readJson, readListed, saveJson } from '../db/saved-json'
import { CONFIG_FORMAT, EMPTY_METRICS as EMPTY, METRICS_FORMAT, STAGES_FORMAT } from './formats'

export function startRun(
  db: Db,
  name: string,
  config: Record<string, unknown>,
  stages: StageRecord[],
  now: string
): number {
  return Number(
    db
      .prepare(
        "INSERT INTO pipeline_runs (name, status, config_json, stages_json, metrics_json, started_at) VALUES (?, 'running', ?, ?, ?, ?)"
      )
      .run(
        name,
        saveJson(CONFIG_FORMAT, config),
        saveJson(STAGES_FORMAT, stages),
        saveJson(METRICS_FORMAT, EMPTY),
        now
      ).lastInsertRowid
  )
}

export function updateRun(
  db: Db,
  runId: number,
  patch: {
    status?: PipelineRun['status']
    stages?: StageRecord[]
    metrics?: RunMetrics
    report_dir?: string
    error?: string | null
    finished_at?: string
  }
): void {
  const cur = getRun(db, runId)
  if (!cur) return
  const next = { ...cur, ...patch }
  db.prepare(
    'UPDATE pipeline_runs SET status = ?, stages_json = ?, metrics_json = ?, report_dir = ?, error = ?, finished_at = ? WHERE run_id = ?'
  ).run(
    next.status,
    saveJson(STAGES_FORMAT, next.stages),
    saveJson(METRICS_FORMAT, next.metrics),
    next.report_dir,
    next.error,
    next.finished_at,
    runId
  )
}

interface Row {
  run_id: number
  name: string
  status: PipelineRun['status']
  config_json: string
  stages_json: string
  metrics_json: string
  report_dir: string | null
  error: string | null
  started_at: string
  finished_at: string | null
}

const toRun = (r: Row): PipelineRun => ({
  run_id: r.run_id,
  name: r.name,
  status: r.status,
  config: readJson(CONFIG_FORMAT, r.config_json),
  stages: readJson(STAGES_FORMAT, r.stages_json),
  metrics: readJson(METRICS_FORMAT, r.metrics_json),
  report_dir: r.report_dir,
  error: r.error,
  started_at: r.started_at,
  finished_at: r.finished_at
})

/** A run for a list: a part that cannot be read is replaced by an empty one and named in `damaged`. */
function listedRun(r: Row): PipelineRun {
  const config = readListed(CONFIG_FORMAT, r.config_json)
  const stages = readListed(STAGES_FORMAT, r.stages_json)
  const metrics = readListed(METRICS_FORMAT, r.metrics_json)
  const damaged = [config, stages, metrics].flatMap((p) => ('damaged' in p ? [p.damaged] : []))
  return {
    run_id: r.run_id,
    name: r.name,
    status: r.status,
    config: 'value' in config ? config.value : {},
    stages: 'value' in stages ? stages.value : [],
    metrics: 'value' in metrics ? metrics.value : EMPTY,
    report_dir: r.report_dir,
    error: r.error,
    started_at: r.started_at,
    finished_at: r.finished_at,
    ...(damaged.length ? { damaged: damaged.join('; ') } : {})
  }
}

export function getRun(db: Db, runId: number): PipelineRun | null {
  const r = db.prepare<Row>('SELECT * FROM pipeline_runs WHERE run_id = ?').get(runId)
  return r ? toRun(r) : null
}

export function listRuns(db: Db): PipelineRun[] {
  return db.prepare<Row>('SELECT * FROM pipeline_runs ORDER BY run_id DESC LIMIT 200').all().map(listedRun)
}
