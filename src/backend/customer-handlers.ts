import type { ExportedFile } from '../shared/api'
import { csvDocument } from '../core/data/csv/writer'
import { latestCustomerRun, saveCustomerRun, scoredCustomers } from '../core/propensity/customers/registry'
import type { CustomerPropensityRun } from '../shared/propensity/customer-results'
import { DEFAULT_CUSTOMER_PLAN } from '../core/propensity/customers/train'
import type { JobRegistry } from './jobs'
import { NotFoundError, type ProjectSession } from './project'
import type { TrainingPool } from './training-pool'
import type { Handlers } from './backend'

export interface CustomerDeps {
  project(): ProjectSession
  jobs: JobRegistry
  pool(): TrainingPool
  saveExport(name: string, csv: string, rows: number): ExportedFile
}

type CustomerCall =
  | 'propensity:trainCustomers'
  | 'propensity:customerRun'
  | 'propensity:exportCustomers'
  | 'propensity:customer'

/** Propensity on an imported customer table: train (in a worker), the latest run, export, one customer. */
export function customerHandlers(d: CustomerDeps): Pick<Handlers, CustomerCall> {
  const latest = (dataset: string, label?: string): CustomerPropensityRun => {
    const run = latestCustomerRun(d.project().reader, dataset, label)
    if (!run)
      throw new NotFoundError(
        `no propensity run on dataset "${dataset}"${label ? ` for label "${label}"` : ''} yet: train one first`
      )
    return run
  }
  return {
    'propensity:trainCustomers': async ({ jobId, seed, ...spec }) => {
      const path = d.project().path
      return d.jobs.run(jobId, async (job) => {
        const plan = { ...DEFAULT_CUSTOMER_PLAN, seed: seed ?? DEFAULT_CUSTOMER_PLAN.seed }
        const r = await d.pool().run((api, h) => api.customers(path, spec, plan, h.progress), job.signal)
        job.progress(90, 'Saving scores')
        const run = await d
          .project()
          .lockWrite((db) => saveCustomerRun(db, r.report, r.current, new Date().toISOString()))
        job.progress(100, 'Done')
        return run
      })
    },
    'propensity:customerRun': async ({ dataset, label }) =>
      latestCustomerRun(d.project().reader, dataset, label),
    'propensity:exportCustomers': async ({ dataset, label, bom }) => {
      const run = latest(dataset, label)
      const { header, rows } = scoredCustomers(d.project().reader, run)
      return {
        ...d.saveExport(
          `${dataset}-${run.targets[0].target}-scores-run${run.run_id}.csv`,
          csvDocument(header, rows, bom ?? false),
          rows.length
        ),
        run_id: run.run_id
      }
    },
    'propensity:customer': async ({ dataset, label, id }) => {
      const run = latest(dataset, label)
      const { header, rows } = scoredCustomers(d.project().reader, run, id)
      return { header, row: rows[0] ?? null }
    }
  }
}
