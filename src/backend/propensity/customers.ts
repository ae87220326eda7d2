/** Propensity on an imported customer table: train (in a worker), the latest run, export, one customer. */
import { csvDocument } from '../../core/data/csv/writer'
import { latestCustomerRun, saveCustomerRun, scoredCustomers } from '../../core/propensity/customers/registry'
import type { CustomerPropensityRun } from '../../shared/propensity/customer-results'
import { DEFAULT_CUSTOMER_PLAN } from '../../core/propensity/customers/train'
import { NotFoundError, type ProjectSession } from '../project'
import type { HandlerMap } from '../context'
import { saveExport } from '../exports'
import { currentRun } from './runs'
import { dataVersionNow } from '../../core/data/run-versions'

type CustomerCall =
  | 'propensity:trainCustomers'
  | 'propensity:customerRun'
  | 'propensity:exportCustomers'
  | 'propensity:customer'

/** The latest customer-level run on a dataset (and label); refused when there is none or it is stale. */
function latest(project: ProjectSession, dataset: string, label?: string): CustomerPropensityRun {
  const run = latestCustomerRun(project.reader, dataset, label)
  if (!run)
    throw new NotFoundError(
      `no propensity run on dataset "${dataset}"${label ? ` for label "${label}"` : ''} yet: train one first`
    )
  return currentRun(run)
}

export const customerHandlers = {
  'propensity:trainCustomers': async ({ jobId, seed, ...spec }, ctx) => {
    const path = ctx.project().path
    // The version the worker reads (or an older one: a replace meanwhile then marks the run stale, never fresh).
    const version = dataVersionNow(ctx.project().reader, { sample: false, dataset: spec.dataset }) ?? 1
    return ctx.jobs.run(jobId, async (job) => {
      const plan = { ...DEFAULT_CUSTOMER_PLAN, seed: seed ?? DEFAULT_CUSTOMER_PLAN.seed }
      const r = await ctx.pool.run((api, h) => api.customers(path, spec, plan, h.progress), job.signal)
      job.progress(90, 'Saving scores')
      const run = await ctx
        .project()
        .lockWrite((db) => saveCustomerRun(db, r.report, r.current, new Date().toISOString(), version))
      job.progress(100, 'Done')
      return run
    })
  },
  'propensity:customerRun': async ({ dataset, label }, ctx) =>
    latestCustomerRun(ctx.project().reader, dataset, label),
  'propensity:exportCustomers': async ({ dataset, label, bom }, ctx) => {
    const run = latest(ctx.project(), dataset, label)
    const { header, rows } = scoredCustomers(ctx.project().reader, run)
    return {
      ...saveExport(
        ctx.files,
        `${dataset}-${run.targets[0].target}-scores-run${run.run_id}.csv`,
        csvDocument(header, rows, bom ?? false),
        rows.length
      ),
      run_id: run.run_id
    }
  },
  'propensity:customer': async ({ dataset, label, id }, ctx) => {
    const run = latest(ctx.project(), dataset, label)
    const { header, rows } = scoredCustomers(ctx.project().reader, run, id)
    return { header, row: rows[0] ?? null }
  }
} satisfies HandlerMap<CustomerCall>
