import { CancelledError } from '../core/data/csv/errors'
import type { RowQuery } from '../core/data/tables'
import type { JobHandle, JobRegistry } from './jobs'
import type { ReaderWorkerApi } from './reader-api'
import { TrainingPool, type TaskHandle } from './training-pool'
import { workerScript } from './worker-script'
import type { Delimiter, TextEncoding } from '../shared/data'
import type { FileMissing, RowPage, TableSummary } from '../shared/data/results'

type Signal = { aborted: boolean }

/** The sort and filters of a read: pages of one view share it, a new sort or filter changes it. */
function viewOf(q: RowQuery): string {
  return JSON.stringify([q.sort ?? null, q.filters ?? []])
}

/**
 * The Data page's reads, run in reader worker threads with their own read-only
 * connections: a filtered, sorted scan of a huge table never blocks the event loop
 * and never queues behind training. The newest view of a table wins: a read of a
 * table with another sort or filter cancels the reads still running for the old one
 * (pages of the same view run side by side). With a job id, a read reports progress
 * and job:cancel stops it. A cancelled read ends its worker; SQLite finishes the
 * statement it is in on that thread, and nothing more.
 */
export class TableReads {
  private readonly pool: TrainingPool<ReaderWorkerApi>
  private readonly inFlight = new Map<string, { view: string; signals: Set<Signal> }>()

  constructor(
    private readonly jobs: JobRegistry,
    opts: { workerFile?: string; size?: number } = {}
  ) {
    this.pool = new TrainingPool<ReaderWorkerApi>({
      workerFile: opts.workerFile ?? workerScript('reader.worker'),
      size: opts.size ?? 2,
      memoryMb: 1024
    })
  }

  rows(dbPath: string, q: RowQuery & { jobId?: string }): Promise<RowPage> {
    const { jobId, ...query } = q
    const view = viewOf(query)
    const current = this.inFlight.get(q.table)
    if (current && current.view !== view) for (const s of current.signals) s.aborted = true
    const entry = current?.view === view ? current : { view, signals: new Set<Signal>() }
    this.inFlight.set(q.table, entry)
    const what = `the read of ${q.table}`
    return this.run(what, jobId, async (signal, onStart) => {
      entry.signals.add(signal)
      try {
        return await this.pool.run((api, h) => api.rows(dbPath, query, h.progress), signal, onStart)
      } finally {
        entry.signals.delete(signal)
        if (!entry.signals.size && this.inFlight.get(q.table) === entry) this.inFlight.delete(q.table)
      }
    })
  }

  summary(dbPath: string, table: string, jobId?: string): Promise<TableSummary> {
    return this.run(`the summary of ${table}`, jobId, (signal, onStart) =>
      this.pool.run((api, h) => api.summary(dbPath, table, h.progress), signal, onStart)
    )
  }

  /** Missing values per column over a whole staged file (the import dialog's counts), off the event loop. */
  missing(
    path: string,
    file: string,
    read: { delimiter?: Delimiter; encoding?: TextEncoding; sheet?: string },
    jobId?: string
  ): Promise<FileMissing> {
    return this.run(`the missing-value count of ${file}`, jobId, (signal, onStart) =>
      this.pool.run((api, h) => api.missing(path, file, read, h.progress), signal, onStart)
    )
  }

  /** Cancels every read (the project is being closed or switched) and ends the idle workers and their connections. */
  close(): void {
    for (const e of this.inFlight.values()) for (const s of e.signals) s.aborted = true
    this.inFlight.clear()
    this.pool.close()
  }

  private run<T>(
    what: string,
    jobId: string | undefined,
    read: (signal: Signal, onStart: (h: TaskHandle) => void) => Promise<T>
  ): Promise<T> {
    const cancelled = (signal: Signal) => (e: unknown) => {
      throw e instanceof CancelledError || signal.aborted ? new CancelledError(what) : e
    }
    if (!jobId) {
      const signal = { aborted: false }
      return read(signal, () => {}).catch(cancelled(signal))
    }
    this.jobs.name(jobId, what)
    return this.jobs.run(jobId, (job: JobHandle) => {
      let poll: ReturnType<typeof setInterval> | undefined
      job.progress(0, 'Reading…')
      return read(job.signal, (h) => {
        poll = setInterval(() => job.progress(Math.min(99, h.progress[0] * 100), 'Reading…'), 100)
      })
        .catch(cancelled(job.signal))
        .finally(() => clearInterval(poll))
    })
  }
}
