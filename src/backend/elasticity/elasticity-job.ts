import type { Db } from '../../core/db/port'
import { MODEL_KINDS, MODEL_LABELS, type ModelKind } from '../../shared/elasticity'
import { DEFAULT_PLAN, resolveValidation } from '../../core/elasticity/train'
import type { PackedModel } from '../../core/elasticity/model-store'
import type { TrainPlan } from '../../shared/elasticity/model-results'
import { refuseFabricatedEstimates } from '../../core/elasticity/no-fabrication'
import { buildReport } from '../../core/elasticity/report'
import type { ElasticityReport } from '../../shared/elasticity/results'
import { saveRun } from '../../core/elasticity/registry'
import type { DmlResult } from '../../core/elasticity/dml'
import { checkPanel } from '../../core/elasticity/guards'
import type { Validation } from '../../shared/elasticity'
import { CancelledError } from '../../core/data/csv/errors'
import type { JobHandle } from '../jobs'
import type { TaskHandle, TrainingPool } from '../training-pool'
import { DEFAULT_DML_MODE, dmlDecision, type DmlMode, type DmlStatus } from '../../shared/elasticity/dml-mode'
import { dmlCacheKey, readDmlCache, writeDmlCache } from './dml-cache'
import { DmlTracker, runDmlTasks } from './dml-tasks'

export interface ElasticityRequest {
  dataset?: string
  models?: ModelKind[]
  seed?: number
  folds?: number
  /** Debias from price changes within items only. Default on (off: differences between items count too). */
  withinItems?: boolean
  /** 'time' (default with a period column): the last periods of every item; 'rows' (default without): folds over rows within items; 'items': held-out items. Refused when it cannot run on the data. */
  validation?: Validation
  /** The controls (features besides price) to use; default all. */
  controls?: string[]
  /** The debiased (DML) estimate: 'auto' (default) when a nonlinear model is trained, 'on', 'off'. */
  dml?: DmlMode
  /** Train on at most this many rows of a dataset: whole items at random (seeded), stated in the report's `sampled`. */
  maxRows?: number
  /** The column inside which items compete, for cross-price effects: a column name, 'none', or absent (detected). */
  crossGroup?: string
  /** The k segments that sell most enter the cross matrix (default 10). */
  crossTopK?: number
}

/** Slowest first, so two workers finish together. */
const COST_ORDER: (ModelKind | 'dml')[] = ['rf', 'gbm', 'dml', 'gam', 'ols', 'poly3', 'poly2']

/**
 * Trains the chosen models and the DML estimate in worker threads, one task per
 * worker: the main thread only polls progress. A model that fails is reported as
 * failed; the others finish and the run is saved in the project.
 */
export async function runElasticity(
  dbPath: string,
  writer: (fn: (db: Db) => number) => Promise<number>,
  pool: TrainingPool,
  req: ElasticityRequest,
  job: JobHandle,
  /** The project's reader: a debiased estimate of the same panel and settings is taken from its cache. */
  cacheReader?: Db
): Promise<ElasticityReport> {
  const t0 = Date.now()
  const plan: TrainPlan = {
    ...DEFAULT_PLAN,
    seed: req.seed ?? DEFAULT_PLAN.seed,
    folds: req.folds ?? DEFAULT_PLAN.folds,
    withinItems: req.withinItems ?? DEFAULT_PLAN.withinItems,
    ...(req.validation ? { validation: req.validation } : {})
  }
  const kinds = req.models?.length ? req.models : [...MODEL_KINDS]
  job.progress(1, 'Loading data')
  const sample = req.maxRows ? { maxRows: req.maxRows, seed: plan.seed } : undefined
  const panel = await pool.run(
    (api) => api.loadPanel(dbPath, req.dataset ?? null, req.controls, sample),
    job.signal,
    undefined,
    { timed: false }
  )
  checkPanel(panel, plan)
  // A validation that cannot run on this data is refused here, before any model trains.
  const validation = resolveValidation(panel, plan)
  job.progress(1.5, 'Cross-price effects')
  const cross = await pool.run(
    (api) => api.cross(dbPath, panel, req.crossGroup, req.crossTopK),
    job.signal,
    undefined,
    { timed: false }
  )
  const mode = req.dml ?? DEFAULT_DML_MODE
  const decision = dmlDecision(mode, kinds)
  const dmlStatus: DmlStatus = { mode, ran: false, cached: false, ms: null, reason: decision.reason }
  let debiased: DmlResult | null = null
  let cacheKey: string | null = null
  if (decision.run && cacheReader) {
    cacheKey = dmlCacheKey(panel, plan)
    const hit = readDmlCache(cacheReader, cacheKey)
    if (hit) {
      debiased = hit.result
      Object.assign(dmlStatus, {
        ran: true,
        cached: true,
        ms: hit.ms,
        reason: `${decision.reason}; from the cache`
      })
    }
  }
  const runDml = decision.run && !debiased
  const tasks = COST_ORDER.filter((k) => (k === 'dml' ? runDml : kinds.includes(k)))
  const handles = new Map<string, TaskHandle>()
  const done = new Set<string>()
  // DML runs as many fold tasks (dml-tasks.ts): its share and label count the folds done.
  const dmlTracker = new DmlTracker()
  const share = (t: string) =>
    done.has(t) ? 1 : t === 'dml' ? dmlTracker.share() : (handles.get(t)?.progress[0] ?? 0)
  const ticker = setInterval(() => {
    let sum = 0
    for (const t of tasks) sum += share(t)
    const running = tasks
      .filter((t) => !done.has(t) && (t === 'dml' ? dmlTracker.started : handles.has(t)))
      .map((t) => (t === 'dml' ? dmlTracker.label() : MODEL_LABELS[t as ModelKind]))
    job.progress(
      2 + (sum / tasks.length) * 96,
      running.length ? `Training ${running.join(', ')}` : 'Finishing'
    )
  }, 250)
  const trained: PackedModel[] = []
  const failed: { name: ModelKind | 'dml'; error: string }[] = []
  try {
    await Promise.all(
      tasks.map(async (t) => {
        const onStart = (h: TaskHandle) => handles.set(t, h)
        try {
          if (t === 'dml') {
            const started = Date.now()
            const run = await runDmlTasks(pool, panel, plan, job.signal, dmlTracker)
            const result = run.result
            debiased = result
            Object.assign(dmlStatus, {
              ran: true,
              ms: Date.now() - started,
              fold_tasks_per_worker: run.foldTasksPerWorker
            })
            const key = cacheKey
            if (key) await writer((db) => writeDmlCache(db, key, result, dmlStatus.ms ?? 0))
          } else
            trained.push(
              await pool.run((api, h) => api.train(t, panel, plan, h.progress), job.signal, onStart)
            )
        } catch (e) {
          if (e instanceof CancelledError || job.signal.aborted) throw new CancelledError('training')
          if (t === 'dml') {
            dmlStatus.reason = `failed: ${(e as Error).message}`
            failed.push({ name: 'dml', error: `debiased estimate: ${(e as Error).message}` })
          } else failed.push({ name: t, error: (e as Error).message })
        } finally {
          done.add(t)
        }
      })
    )
  } finally {
    clearInterval(ticker)
  }
  if (job.signal.aborted) throw new CancelledError('training')
  if (!trained.length)
    throw new Error(`every model failed: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`)
  trained.sort((a, b) => kinds.indexOf(a.report.name) - kinds.indexOf(b.report.name))
  const dml = debiased as DmlResult | null
  const report = buildReport({
    panel,
    plan,
    models: trained.map((t) => t.report),
    failed,
    debiased: dml?.segments ?? null,
    items: dml?.items ?? [],
    validation,
    createdAt: new Date().toISOString(),
    wallMs: Date.now() - t0,
    dml: dmlStatus,
    cross
  })
  refuseFabricatedEstimates(report.segments, report.segment_column)
  const runId = await writer((db) => saveRun(db, report, trained))
  job.progress(100, 'Done')
  return { ...report, run_id: runId }
}
