import type { ApiEvent } from '../shared/api'

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
  private readonly jobs = new Map<string, { signal: { aborted: boolean } }>()

  constructor(private readonly emit: (e: ApiEvent) => void) {}

  async run<T>(jobId: string, fn: (job: JobHandle) => Promise<T> | T): Promise<T> {
    if (this.jobs.has(jobId)) throw new Error(`job ${jobId} is already running`)
    const signal = { aborted: false }
    this.jobs.set(jobId, { signal })
    let last = 0
    const handle: JobHandle = {
      signal,
      progress: (percent, message) => {
        const now = Date.now()
        if (percent < 100 && now - last < 100) return
        last = now
        this.emit({ type: 'progress', jobId, percent: Math.max(0, Math.min(100, percent)), message })
      }
    }
    try {
      return await fn(handle)
    } finally {
      this.jobs.delete(jobId)
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
}
