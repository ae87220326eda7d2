/** The elasticity calls: priceable datasets, training (in workers), saved runs, export, prediction. */
import { latestRun, listRuns, loadRun } from '../../core/elasticity/registry'
import { predictDemand } from '../../core/elasticity/predict'
import { elasticitySources as sourcesOf } from '../../core/elasticity/panel'
import { elasticityCsv } from '../../core/elasticity/export'
import type { ApiName } from '../../shared/api'
import type { Handler, HandlerMap } from '../context'
import { saveExport } from '../exports'
import { NotFoundError } from '../project'
import { runElasticity } from './elasticity-job'

type ElasticityCall = Extract<ApiName, `elasticity:${string}`>

/**
 * The datasets with price and quantity roles, first the one a study analyses by default. The window asks once
 * its first page is drawn (the dataset choice): the training workers start then, and warm up while the
 * analyst looks around, before any run.
 */
export const elasticitySources: Handler<'elasticity:sources'> = async (_args, ctx) => {
  ctx.warmTraining()
  return sourcesOf(ctx.project().reader)
}

/** Trains the chosen models and the debiased estimate in worker threads (in a job) and saves the run. */
export const trainElasticity: Handler<'elasticity:train'> = async ({ jobId, ...req }, ctx) => {
  const project = ctx.project()
  // The dataset's pricing digest is made beside the training (on a training worker, from the same version),
  // not on the first optimize: the CLI waits for it (its process ends with the command), the app lets it finish
  // in the background (an optimize meanwhile waits for it).
  const preparing = req.dataset ? ctx.prepareDigest(req.dataset) : null
  const report = await ctx.jobs
    .run(jobId, (job) =>
      runElasticity(project.path, (fn) => project.lockWrite(fn), ctx.pool, req, job, project.reader)
    )
    // A refused or failed run in the CLI waits too: the digest's worker writes into the project, which the CLI
    // may delete next (elasticity --csv's temporary one: "directory not empty" instead of the reason). The
    // preparation never rejects.
    .finally(() => (ctx.app.mode === 'cli' ? preparing : null))
  const prepared = preparing ?? ctx.prepareDigest(report.dataset)
  if (ctx.app.mode === 'cli') await prepared
  return report
}

export const elasticityHandlers = {
  'elasticity:sources': elasticitySources,
  'elasticity:train': trainElasticity,
  'elasticity:runs': async (_args, ctx) => listRuns(ctx.project().reader),
  'elasticity:run': async ({ runId }, ctx) =>
    runId ? loadRun(ctx.project().reader, runId) : latestRun(ctx.project().reader),
  'elasticity:export': async ({ runId, table, bom }, ctx) => {
    const report = loadRun(ctx.project().reader, runId)
    if (!report) throw new NotFoundError(`no elasticity run ${runId}`)
    const { csv, rows } = elasticityCsv(report, table, bom ?? false)
    return saveExport(ctx.files, `elasticity-run${runId}-${table}.csv`, csv, rows)
  },
  'elasticity:predict': async ({ runId, model, items }, ctx) => {
    const p = await ctx.predictors.get(runId ?? null, model ?? null)
    return {
      run_id: p.runId,
      model: p.kind,
      predictions: predictDemand(p.panel, p.model, p.latest, items)
    }
  }
} satisfies HandlerMap<ElasticityCall>
