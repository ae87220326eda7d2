import { copyFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkReportDir, publishReportDir, stagingDir } from './report-dir'
import type { Backend } from './backend'
import type { JobHandle } from './jobs'
import type { StudyConfig } from '../shared/api'
import { CancelledError } from '../core/data/csv/errors'
import {
  metricsOf,
  STAGES,
  summarizePropensity,
  type PipelineRun,
  type Stage,
  type StageRecord,
  type StudyReport
} from '../core/pipeline/study'
import { getRun, startRun, updateRun } from '../core/pipeline/runs'
import { renderReport } from '../core/report/html'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../core/experiments/plan'
import { SAMPLE_DATASET } from '../core/elasticity/panel'
import { processOwner } from './project-file'

/** Share of the progress bar each stage takes (training dominates). */
const WEIGHT: Record<Stage, number> = {
  data: 5,
  features: 2,
  elasticity: 45,
  propensity: 30,
  pricing: 8,
  experiment: 5,
  report: 5
}

/**
 * One action from data to a shareable study: the stages in order, each through
 * the same API calls the pages use. A failing stage stops the run with its
 * message; what the stages before it produced stays saved (in their registries
 * and in this run's record). Cancelling the run cancels the stage's own job.
 */
export async function runStudy(
  b: Backend,
  jobId: string,
  job: JobHandle,
  config: StudyConfig,
  reportDir: string,
  force = false
): Promise<PipelineRun> {
  const finalDir = checkReportDir(reportDir, force)
  const stages: StageRecord[] = STAGES.map((stage) => ({ stage, status: 'pending', ms: null, message: null }))
  const project = b.project
  const runId = await project.lockWrite((db) => {
    const id = startRun(db, config.name, config, stages, new Date().toISOString())
    // Who runs it: on the next open, a 'running' run whose process is gone is marked interrupted.
    db.prepare('UPDATE pipeline_runs SET owner = ? WHERE run_id = ?').run(processOwner(), id)
    return id
  })
  const report: StudyReport = {
    name: config.name,
    created_at: new Date().toISOString(),
    project: project.path,
    config,
    stages,
    data: null,
    features: null,
    elasticity: null,
    propensity: null,
    pricing: null,
    experiment: null,
    files: {}
  }
  const save = (patch: Parameters<typeof updateRun>[2]) =>
    project.lockWrite((db) => updateRun(db, runId, { stages, metrics: metricsOf(report), ...patch }))
  let done = 0
  const total = STAGES.reduce((s, x) => s + WEIGHT[x], 0)
  let current: Stage = 'data'
  // Sub-jobs ("<jobId>/<stage>") report their own progress; the run's bar moves within the stage's share.
  const off = b.onEvent((e) => {
    if (e.jobId.startsWith(`${jobId}/`))
      job.progress(((done + (WEIGHT[current] * e.percent) / 100) / total) * 100, `${current}: ${e.message}`)
  })
  const sub = (s: Stage) => `${jobId}/${s}`
  const hasRows = (table: string) => (report.data?.tables.find((t) => t.name === table)?.rows ?? 0) > 0
  const stage = async (s: Stage, fn: () => Promise<string | null>, skip: string | null = null) => {
    const rec = stages.find((x) => x.stage === s) as StageRecord
    if (job.signal.aborted) throw new CancelledError('study run')
    current = s
    if (skip) {
      rec.status = 'skipped'
      rec.message = skip
    } else {
      rec.status = 'running'
      job.progress((done / total) * 100, `${s}…`)
      await save({})
      const t0 = performance.now()
      try {
        rec.message = await fn()
        rec.status = 'ok'
      } catch (e) {
        rec.status = e instanceof CancelledError || job.signal.aborted ? 'cancelled' : 'failed'
        rec.message = (e as Error).message
        throw Object.assign(e as Error, { stage: s })
      } finally {
        rec.ms = Math.round(performance.now() - t0)
      }
    }
    done += WEIGHT[s]
    await save({})
  }

  try {
    await stage('data', async () => {
      if (config.generate) await b.call('data:generate', { jobId: sub('data'), ...config.generate })
      const tables = await b.call('data:tables', {})
      const missing: NonNullable<StudyReport['data']>['missing'] = []
      for (const t of tables.filter((x) => x.rows > 0)) {
        const s = await b.call('data:summary', { table: t.name })
        for (const c of s.columns)
          if (c.missing > 0)
            missing.push({
              table: t.name,
              column: c.name,
              type: c.type,
              missing: c.missing,
              share: c.missing / Math.max(1, c.count + c.missing)
            })
      }
      report.data = {
        tables: tables.map((t) => ({ name: t.name, kind: t.kind, rows: t.rows, columns: t.columns.length })),
        missing,
        sample: (await b.call('project:current', {}))?.sample ?? null
      }
      return `${tables.length} tables, ${missing.length} columns with missing values`
    })
    await stage('features', async () => {
      const sources = await b.call('elasticity:sources', {})
      const src = config.elasticity.dataset
        ? sources.find((s) => s.id === config.elasticity.dataset)
        : sources[0]
      if (!src)
        throw new Error(
          config.elasticity.dataset
            ? `no dataset "${config.elasticity.dataset}" with price and quantity roles`
            : 'no data to model: generate the sample data or import a dataset'
        )
      report.features = {
        dataset: src.id,
        label: src.label,
        rows: src.rows,
        segment: src.segment,
        controls: src.controls
      }
      return `${src.label}: ${src.rows.toLocaleString('en-US')} rows`
    })
    await stage('elasticity', async () => {
      const e = await b.call('elasticity:train', {
        jobId: sub('elasticity'),
        dataset: report.features?.dataset,
        models: config.elasticity.models,
        seed: config.elasticity.seed,
        folds: config.elasticity.folds
      })
      report.elasticity = { ...e, models: e.models.map(({ sample: _s, curves: _c, ...m }) => m) }
      if (!e.best_model)
        throw new Error(
          `no elasticity model trained: ${e.failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`
        )
      return `best ${e.best_model} (run ${e.run_id})`
    })
    await stage(
      'propensity',
      async () => {
        const p = config.propensity
        if (!p) return null
        const run = await b.call('propensity:train', {
          jobId: sub('propensity'),
          targets: p.targets,
          cutoff: p.cutoff ?? undefined,
          seed: p.seed
        })
        report.propensity = summarizePropensity(run)
        return report.propensity.targets.map((t) => `${t.target} AUC ${t.auc.toFixed(2)}`).join(', ')
      },
      config.propensity === null
        ? 'not in the study config'
        : !hasRows('learners') || !hasRows('enrollments')
          ? 'the project has no learners and enrollments to score'
          : null
    )
    await stage('pricing', async () => {
      const settings = config.pricing.settings ?? (await b.call('pricing:settings', {}))
      const run = await b.call('pricing:optimize', {
        runId: report.elasticity?.run_id ?? undefined,
        model: config.pricing.model ?? undefined,
        settings
      })
      const { rows, ...rest } = run
      report.pricing = {
        ...rest,
        top_changes: [...rows].sort((x, y) => Math.abs(y.change_pct) - Math.abs(x.change_pct)).slice(0, 20)
      }
      return `uplift ${run.portfolio.uplift_pct.toFixed(2)}% on ${run.portfolio.items.toLocaleString('en-US')} items`
    })
    await stage(
      'experiment',
      async () => {
        const x = config.experiment
        if (!x) return null
        // On an imported dataset, "courses" are its items.
        const dataset =
          report.features && report.features.dataset !== SAMPLE_DATASET ? report.features.dataset : null
        const design: ExperimentDesign = {
          ...DEFAULT_DESIGN,
          name: `${config.name} — A/B plan`.slice(0, 100),
          units: x.units === 'courses' && dataset ? 'items' : x.units,
          dataset,
          metric: x.metric,
          arms: [
            DEFAULT_DESIGN.arms[0],
            {
              name: 'treatment',
              change:
                x.treatment_pct === null ? { kind: 'optimized' } : { kind: 'pct', pct: x.treatment_pct },
              weight: 1
            }
          ],
          alpha: x.alpha,
          power: x.power,
          mde: x.mde,
          seed: x.seed,
          stratify: x.stratify
        }
        const plan = await b.call('experiments:save', { design, acceptUnderpowered: x.accept_underpowered })
        const { balance, ...rest } = plan
        report.experiment = { ...rest, flagged: balance.filter((r) => r.flagged) }
        return `${plan.units.toLocaleString('en-US')} units; ${plan.power.message}`
      },
      config.experiment === null ? 'not in the study config' : null
    )
    await stage('report', async () => {
      // Written in a hidden folder beside the destination and published when complete.
      const dir = await stagingDir(finalDir)
      try {
        await writeReport(dir)
        await publishReportDir(dir, finalDir, force)
      } catch (e) {
        await rm(dir, { recursive: true, force: true })
        throw e
      }
      return finalDir
    })
    job.progress(100, 'Done')
    await save({ status: 'ok', report_dir: finalDir, finished_at: new Date().toISOString() })
  } catch (e) {
    const cancelled = e instanceof CancelledError || job.signal.aborted
    for (const s of stages) if (s.status === 'pending') s.status = cancelled ? 'cancelled' : 'skipped'
    const failed = stages.find((s) => s.status === 'failed' || s.status === 'cancelled')
    await save({
      status: cancelled ? 'cancelled' : 'failed',
      error: cancelled ? 'cancelled' : `${failed?.stage ?? 'run'} failed: ${(e as Error).message}`,
      finished_at: new Date().toISOString()
    })
  } finally {
    off()
  }
  return getRun(project.reader, runId) as PipelineRun

  async function writeReport(dir: string): Promise<void> {
    const copy = async (key: string, fileId: string, name: string) => {
      await copyFile(b.files.get(fileId).path, join(dir, name))
      b.files.release(fileId)
      report.files[key] = name
    }
    if (report.pricing) {
      const f = await b.call('pricing:export', { bom: true })
      await copy('price_sheet', f.fileId, 'price_sheet.csv')
    }
    if (report.experiment) {
      const f = await b.call('experiments:export', { name: report.experiment.name, bom: true })
      await copy('experiment_plan', f.plan.fileId, 'experiment_plan.csv')
      await copy('plan_summary', f.summary.fileId, 'plan_summary.csv')
    }
    if (report.propensity) {
      const f = await b.call('propensity:export', { bom: true })
      await copy('scored_learners', f.fileId, 'scored_learners.csv')
    }
    // The report describes itself as written (the run record gets the real timing after).
    const self = stages.find((x) => x.stage === 'report') as StageRecord
    self.status = 'ok'
    self.message = 'report.html, report.json and the CSV exports'
    report.files.report_json = 'report.json'
    report.files.report_html = 'report.html'
    // report.json last: its presence says the folder is complete.
    await writeFile(join(dir, 'report.html'), renderReport(report))
    await writeFile(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n')
  }
}
