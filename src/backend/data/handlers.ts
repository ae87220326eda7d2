/** The data calls: sample generation, tables and datasets, row reads, file staging, CSV/workbook import, table export. */
import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'
import { generateSample } from '../../core/data/sample/kinds'
import { listTables } from '../../core/data/tables'
import { damagedDatasets, listDatasets } from '../../core/data/datasets'
import { previewCsv } from '../../core/data/import/preview'
import { importCsv } from '../../core/data/import/import-csv'
import { exportTableCsv } from '../../core/data/export-csv'
import type { ApiName } from '../../shared/api'
import type { Handler, HandlerMap } from '../context'
import { exportPath } from '../exports'
import { NotFoundError } from '../project'
import { refuseWhileRunning, refuseWhileUsed } from '../jobs'
import type { TransactionCall } from '../transactions/handlers'
import { count } from '../../shared/format/numbers'

/** The data calls: sample and tables, file staging, import and export of tables (the transaction log's calls are ../transactions'). */
type DataCall = Exclude<
  Extract<ApiName, `data:${string}` | `file:${string}` | `import:${string}` | `export:${string}`>,
  TransactionCall
>

/** Generates a built-in sample into the project (in a job). */
export const generateData: Handler<'data:generate'> = async ({ jobId, seed, scale, kind }, ctx) => {
  // Regenerating replaces the sample every running model, study or read works on.
  refuseWhileRunning(ctx.jobs, 'regenerate the sample data', jobId)
  return ctx.jobs.run(jobId, (job) =>
    ctx
      .project()
      .lockWrite((db) => generateSample(db, kind, { seed, scale }, (p) => job.progress(p.percent, p.message)))
  )
}

export const dataTables: Handler<'data:tables'> = async (_args, ctx) => listTables(ctx.project().reader)

export const tableSummary: Handler<'data:summary'> = async ({ table, jobId }, ctx) =>
  ctx.reads.summary(ctx.project().path, table, jobId)

export const dataHandlers = {
  'data:generate': generateData,
  'data:tables': dataTables,
  'data:datasets': async (_args, ctx) => listDatasets(ctx.project().reader),
  'data:damagedDatasets': async (_args, ctx) => damagedDatasets(ctx.project().reader),
  'data:rows': async (q, ctx) => ctx.reads.rows(ctx.project().path, q),
  'data:summary': tableSummary,
  'file:stagePath': async ({ path }, ctx) => ctx.files.stagePath(path),
  'import:preview': async ({ fileId, delimiter, encoding, sheet }, ctx) =>
    previewCsv(ctx.files.open(fileId), ctx.files.get(fileId).name, {
      delimiter,
      encoding,
      sheet,
      workbook: ctx.workbook
    }),
  'import:missingCounts': async ({ jobId, fileId, ...read }, ctx) => {
    const f = ctx.files.get(fileId)
    // A staged file that is gone is refused here, in the import's words, before a worker starts on it.
    if (!existsSync(f.path)) throw new NotFoundError(`${f.name} no longer exists: stage the file again`)
    return ctx.reads.missing(f.path, f.name, read, jobId)
  },
  'import:run': async ({ jobId, fileId, plan }, ctx) => {
    const f = ctx.files.get(fileId)
    if (plan.target.kind === 'dataset' && plan.target.replace) refuseWhileUsed(ctx.jobs, plan.target.name)
    const r = await ctx.jobs.run(jobId, (job) =>
      ctx.project().lockWrite((db) =>
        importCsv(db, ctx.files.open(fileId), f.name, plan, {
          signal: job.signal,
          workbook: ctx.workbook,
          totalBytes: f.size,
          onProgress: (p) => job.progress((p.bytes / Math.max(1, f.size)) * 100, `${count(p.rows)} rows`)
        })
      )
    )
    // The app makes the new rows' pricing digest in the background while the analyst moves on; the CLI's import
    // does not (its figure is the import's alone): `pricelab elasticity` makes it after training.
    if (r.dataset && ctx.app.mode !== 'cli') void ctx.prepareDigest(r.dataset)
    return r
  },
  'export:table': async ({ table, bom, delimiter }, ctx) => {
    const name = `${table}.csv`
    const path = exportPath(name)
    const out = createWriteStream(path)
    const { rows } = await exportTableCsv(
      ctx.project().reader,
      table,
      async (chunk) => {
        if (!out.write(chunk)) await once(out, 'drain')
      },
      { bom, delimiter }
    )
    out.end()
    await once(out, 'finish')
    const staged = ctx.files.stageOwned(path, name)
    return { ...staged, rows }
  }
} satisfies HandlerMap<DataCall>
