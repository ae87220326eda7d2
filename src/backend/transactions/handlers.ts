/** The transaction-log calls: a log → an item × period panel (preview, import, rebuild) and the sample's log export. */
import { closeSync, openSync, writeSync } from 'node:fs'
import { openRandomAccess } from '../random-access'
import { logChunksInWorkers, parquetFooterInWorker } from '../log-chunks'
import { writeSampleLog } from '../../core/data/sample/transaction-log'
import { importTransactions } from '../../core/data/import/aggregate/import-transactions'
import { previewPanel } from '../../core/data/import/aggregate/panel-preview'
import { readRecipe } from '../../core/data/import/aggregate/recipe-store'
import { aggregationSql } from '../../core/data/import/aggregate/sql'
import { DomainError } from '../../shared/domain-error'
import type { HandlerMap } from '../context'
import { exportPath } from '../exports'
import { count } from '../../shared/format/numbers'

export type TransactionCall =
  'import:transactions' | 'import:transactionsPreview' | 'import:transactionsSql' | 'export:transactions'

/** Progress of a streamed read of a log of `size` bytes, in sales lines. */
const progress =
  (size: number, report: (pct: number, message: string) => void) => (bytes: number, lines: number) =>
    report((bytes / Math.max(1, size)) * 100, `${count(lines)} sales lines`)

/** A transaction log → an item × period panel: validate → core (streamed, in a job) → result. */
export const transactionHandlers = {
  'import:transactions': async ({ jobId, fileId, name, replace, recipe, rebuild, ...read }, ctx) => {
    const f = ctx.files.get(fileId)
    let chosen = recipe
    let how = read
    if (rebuild) {
      const saved = readRecipe(ctx.project().reader, name)
      if (!saved)
        throw new DomainError(
          'invalid_input',
          `dataset "${name}" was not built from a transaction log, so it has no recipe to rebuild it with: import the log with its recipe`
        )
      chosen = recipe ?? saved.recipe
      how = { ...saved.read, ...read }
    }
    if (!chosen)
      throw new DomainError('invalid_input', 'import:transactions needs a recipe (or rebuild: true)')
    const use = chosen
    const randomAccess = await openRandomAccess(f.path)
    const imported = ctx.jobs.run(jobId, (job) =>
      ctx.project().lockWrite((db) =>
        importTransactions(
          db,
          ctx.files.open(fileId),
          f.name,
          { name, replace: replace || rebuild, recipe: use },
          {
            ...how,
            randomAccess,
            chunks: logChunksInWorkers(f.path),
            parquetFooter: parquetFooterInWorker(f.path),
            signal: job.signal,
            onProgress: progress(f.size, (p, m) => job.progress(p, m))
          }
        )
      )
    )
    const r = await imported.finally(() => randomAccess.close())
    // As after a CSV import: the app makes the panel's pricing digest in the background (data/handlers.ts).
    if (ctx.app.mode !== 'cli') void ctx.prepareDigest(name)
    return r
  },
  'export:transactions': async ({ kind }, ctx) => {
    const name = `${kind}-transactions.csv`
    const path = exportPath(name)
    const fd = openSync(path, 'w')
    try {
      const log = writeSampleLog(ctx.project().reader, kind, (chunk) => writeSync(fd, chunk))
      return { ...ctx.files.stageOwned(path, name), ...log }
    } finally {
      closeSync(fd)
    }
  },
  'import:transactionsPreview': async ({ jobId, fileId, recipe, ...read }, ctx) => {
    const f = ctx.files.get(fileId)
    const randomAccess = await openRandomAccess(f.path)
    const run = (signal?: { aborted: boolean }, report?: (p: number, m: string) => void) =>
      previewPanel(ctx.files.open(fileId), f.name, recipe, {
        ...read,
        randomAccess,
        chunks: logChunksInWorkers(f.path),
        parquetFooter: parquetFooterInWorker(f.path),
        signal,
        onProgress: report ? progress(f.size, report) : undefined
      })
    const preview = jobId
      ? ctx.jobs.run(jobId, (job) => run(job.signal, (p, m) => job.progress(p, m)))
      : run()
    return preview.finally(() => randomAccess.close())
  },
  'import:transactionsSql': async ({ recipe, source }) => ({ sql: aggregationSql(recipe, source) })
} satisfies HandlerMap<TransactionCall>
