/** The study calls: run the pipeline (in a job), list runs, a run's report and its PDF. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getRun, listRuns } from '../../core/pipeline/runs'
import type { ApiName } from '../../shared/api'
import type { HandlerMap } from '../context'
import { exportPath } from '../exports'
import { scratchDir } from '../paths'
import { NotFoundError } from '../project'
import { runStudy } from './pipeline'
import { defaultReportDir } from './report-dir'

type StudyCall = Extract<ApiName, `pipeline:${string}`>

export const studyHandlers = {
  'pipeline:run': async ({ jobId, config, reportDir, force }, ctx) =>
    ctx.jobs.run(jobId, (job) =>
      runStudy(
        ctx,
        jobId,
        job,
        config,
        reportDir ?? defaultReportDir(ctx.project().path, scratchDir('reports')),
        force
      )
    ),
  'pipeline:runs': async (_args, ctx) => listRuns(ctx.project().reader),
  'pipeline:report': async ({ runId }, ctx) => {
    const run = getRun(ctx.project().reader, runId)
    if (!run?.report_dir || !existsSync(join(run.report_dir, 'report.html')))
      throw new NotFoundError(
        `study run ${runId} has no report (it failed or was cancelled before the report stage)`
      )
    const dir = run.report_dir
    return {
      html: readFileSync(join(dir, 'report.html'), 'utf8'),
      dir,
      files: readdirSync(dir)
        .sort()
        .map((name) => ({ name, fileId: ctx.files.stagePath(join(dir, name), name).fileId }))
    }
  },
  'pipeline:pdf': async ({ runId, inFolder }, ctx) => {
    const run = getRun(ctx.project().reader, runId)
    const html = run?.report_dir ? join(run.report_dir, 'report.html') : null
    if (!run?.report_dir || !html || !existsSync(html))
      throw new NotFoundError(
        `study run ${runId} has no report (it failed or was cancelled before the report stage)`
      )
    const { printReportPdf } = await import('./report-pdf')
    const target = inFolder ? join(run.report_dir, 'report.pdf') : exportPath(`report-run${runId}.pdf`)
    await printReportPdf(html, target)
    const staged = inFolder
      ? ctx.files.stagePath(target, 'report.pdf')
      : ctx.files.stageOwned(target, 'report.pdf')
    return { ...staged, path: inFolder ? target : null }
  }
} satisfies HandlerMap<StudyCall>
