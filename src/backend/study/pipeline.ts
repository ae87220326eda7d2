import { copyFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkReportDir, publishReportDir, stagingDir } from './report-dir'
import type { HandlerContext } from '../context'
import type { JobHandle } from '../jobs'
import type { StudyConfig } from '../../shared/api'
import { CancelledError } from '../../core/data/csv/errors'
import { metricsOf, type StudyReport } from '../../core/pipeline/study'
import { STAGES, type PipelineRun, type Stage, type StageRecord } from '../../shared/study'
import { getRun, startRun, updateRun } from '../../core/pipeline/runs'
import { renderReport } from '../../core/report/html'
import { skipReason, STAGE_WORK, type StageContext } from './study-stages'
import { processOwner } from '../project-file'
import { exportPriceSheet, exportPriceWorkbook } from '../pricing/handlers'
import { exportExperimentPlan } from '../experiments/handlers'
import { exportLearnerScores } from '../propensity/handlers'
import { callService } from './service-call'
import { storageError } from '../safe-output'

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
 * the same domain services the pages' calls run. A failing stage stops the run with its
 * message; what the stages before it produced stays saved (in their registries
 * and in this run's record). Cancelling the run cancels the stage's own job.
 */
export async function runStudy(
  ctx: HandlerContext,
  jobId: string,
  job: JobHandle,
  config: StudyConfig,
  reportDir: string,
  force = false
): Promise<PipelineRun> {
  const finalDir = checkReportDir(reportDir, force)
  const stages: StageRecord[] = STAGES.map((stage) => ({ stage, status: 'pending', ms: null, message: null }))
  const project = ctx.project()
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
  const off = ctx.onEvent((e) => {
    if (e.jobId.startsWith(`${jobId}/`))
      job.progress(((done + (WEIGHT[current] * e.percent) / 100) / total) * 100, `${current}: ${e.message}`)
  })
  const stageContext: StageContext = { ctx, config, report, sub: (s) => `${jobId}/${s}` }
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
    for (const s of STAGES)
      if (s !== 'report') await stage(s, () => STAGE_WORK[s](stageContext), skipReason(s, stageContext))
    await stage('report', async () => {
      // Written in a hidden folder beside the destination and published when complete.
      const dir = await stagingDir(finalDir)
      try {
        await writeReport(dir)
        await publishReportDir(dir, finalDir, force)
      } catch (e) {
        await rm(dir, { recursive: true, force: true })
        // A full or failing disk in words, naming the report folder (not Node's "ENOSPC: …, write").
        throw storageError(e, finalDir)
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
      await copyFile(ctx.files.get(fileId).path, join(dir, name))
      ctx.files.release(fileId)
      report.files[key] = name
    }
    if (report.pricing && !report.pricing.refused) {
      // The study's own sheet, never a later one written meanwhile (another dataset's, from the Pricing page).
      const runId = report.pricing.run_id ?? undefined
      const f = await callService(ctx, 'pricing:export', { bom: true, runId }, exportPriceSheet)
      await copy('price_sheet', f.fileId, 'price_sheet.csv')
      const wb = await callService(ctx, 'pricing:exportWorkbook', { runId }, exportPriceWorkbook)
      await copy('price_workbook', wb.fileId, 'price_workbook.xlsx')
    }
    if (report.experiment) {
      const f = await callService(
        ctx,
        'experiments:export',
        { name: report.experiment.name, bom: true },
        exportExperimentPlan
      )
      await copy('experiment_plan', f.plan.fileId, 'experiment_plan.csv')
      await copy('plan_summary', f.summary.fileId, 'plan_summary.csv')
    }
    if (report.propensity) {
      const f = await callService(ctx, 'propensity:export', { bom: true }, exportLearnerScores)
      await copy('scored_learners', f.fileId, 'scored_learners.csv')
    }
    // The report describes itself as written (the run record gets the real timing after).
    const self = stages.find((x) => x.stage === 'report') as StageRecord
    self.status = 'ok'
    self.message = 'report.html, report.json, the price workbook and the CSV exports'
    report.files.report_json = 'report.json'
    report.files.report_html = 'report.html'
    // report.json last: its presence says the folder is complete.
    await writeFile(join(dir, 'report.html'), renderReport(report))
    await writeFile(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n')
  }
}
