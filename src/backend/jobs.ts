import type { ApiEvent } from '../shared/api'
import type { FinishedJob, RunningJob } from '../shared/jobs'
import { DomainError } from '../shared/domain-error'

const KEEP_FINISHED = 50

export interface JobHandle {
  readonly signal: { aborted: boolean }
  progress(percent: number, message: string): void
}

/**
 * Long jobs (generation, import, training) are identified by a client-chosen id so
 * progress events can be matched before the call returns, and cancelled by id.
 * Progress is throttled to ~10 events a second per job.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, { signal: { aborted: boolean }; info: RunningJob }>()
  private readonly ended: FinishedJob[] = []

  constructor(private readonly emit: (e: ApiEvent) => void) {}

  /** Names in the user's terms ("the import of sales.csv") given before the job starts (see `name`). */
  private readonly names = new Map<string, { label: string; kind: string | null; dataset: string | null }>()

  /** Names the job about to run under this id, for messages that must wait for it (and for job:list). */
  name(jobId: string, label: string, kind: string | null = null, dataset: string | null = null): void {
    if (!this.jobs.has(jobId)) this.names.set(jobId, { label, kind, dataset })
  }

  async run<T>(jobId: string, fn: (job: JobHandle) => Promise<T> | T): Promise<T> {
    if (this.jobs.has(jobId))
      throw new BusyError(
        `a job with id "${jobId}" is already running: wait for it to finish (or cancel it), or start this one with another job id`
      )
    const signal = { aborted: false }
    const named = this.names.get(jobId)
    this.names.delete(jobId)
    const info: RunningJob = {
      jobId,
      label: named?.label ?? `job ${jobId}`,
      kind: named?.kind ?? null,
      dataset: named?.dataset ?? null,
      startedAt: new Date().toISOString(),
      percent: 0,
      message: 'Starting…'
    }
    this.jobs.set(jobId, { signal, info })
    let last = 0
    const handle: JobHandle = {
      signal,
      progress: (percent, message) => {
        info.percent = Math.max(0, Math.min(100, percent))
        info.message = message
        const now = Date.now()
        if (percent < 100 && now - last < 100) return
        last = now
        this.emit({ type: 'progress', jobId, percent: Math.max(0, Math.min(100, percent)), message })
      }
    }
    let status: FinishedJob['status'] = 'failed'
    let message = ''
    try {
      const r = await fn(handle)
      status = 'done'
      return r
    } catch (e) {
      status = signal.aborted || (e as Error)?.name === 'CancelledError' ? 'cancelled' : 'failed'
      message = (e as Error)?.message ?? String(e)
      throw e
    } finally {
      this.jobs.delete(jobId)
      this.ended.push({ jobId, kind: info.kind, status, message, finishedAt: new Date().toISOString() })
      if (this.ended.length > KEEP_FINISHED) this.ended.shift()
    }
  }

  /** Cancels the job and its sub-jobs (ids "jobId/…", e.g. the stages of a pipeline run). */
  cancel(jobId: string): boolean {
    let found = false
    for (const [id, j] of this.jobs)
      if (id === jobId || id.startsWith(`${jobId}/`)) {
        j.signal.aborted = true
        found = true
      }
    return found
  }

  get running(): number {
    return this.jobs.size
  }

  /** The running jobs (sub-jobs of a study run are left out: the run names them), oldest first. */
  list(): RunningJob[] {
    const ids = [...this.jobs.keys()]
    return ids
      .filter((id) => !ids.some((p) => id.startsWith(`${p}/`)))
      .map((id) => ({ ...(this.jobs.get(id) as { info: RunningJob }).info }))
  }

  /** Recently finished jobs, newest last (at most KEEP_FINISHED). */
  finished(): FinishedJob[] {
    return this.ended.map((f) => ({ ...f }))
  }
}

/** Raised when an action must wait for running work (another project cannot be opened under an import). */
export class BusyError extends DomainError {
  constructor(message: string) {
    super('busy', message)
    this.name = 'BusyError'
  }
}

/**
 * Refuses an action that would pull the project from under a running job, naming the job. The job the
 * action runs for (a study's own data stage, job `STUDY/data`) is not in its own way.
 */
export function refuseWhileRunning(jobs: JobRegistry, action: string, forJob?: string): void {
  const running = jobs.list().filter((j) => !forJob?.startsWith(`${j.jobId}/`))
  if (!running.length) return
  const names = running.map((j) => j.label).join(' and ')
  throw new BusyError(
    `cannot ${action} while ${names} ${running.length > 1 ? 'are' : 'is'} running: wait for it to finish or cancel it first (job ${running.map((j) => j.jobId).join(', ')})`
  )
}

/** Refuses replacing a dataset a running job reads (its result would be saved against data that is gone). */
export function refuseWhileUsed(jobs: JobRegistry, dataset: string): void {
  const using = jobs.list().filter((j) => j.dataset === dataset)
  if (!using.length) return
  throw new BusyError(
    `cannot replace dataset "${dataset}" while ${using.map((j) => j.label).join(' and ')} ${using.length > 1 ? 'use' : 'uses'} it: wait for it to finish or cancel it first (job ${using.map((j) => j.jobId).join(', ')})`
  )
}
