/** A running job as the job:list call reports it (a page re-attaches to its own kind after navigation or reload). */
export interface RunningJob {
  jobId: string
  label: string
  /** The API call that started it ("elasticity:train", "pipeline:run", …); null when not known. */
  kind: string | null
  /** The dataset it works on, when the call names one. */
  dataset: string | null
  startedAt: string
  percent: number
  message: string
}

/** How a job ended, kept for a while so a page that re-attached can say "cancelled" rather than "failed". */
export interface FinishedJob {
  jobId: string
  kind: string | null
  status: 'done' | 'cancelled' | 'failed'
  message: string
  finishedAt: string
}
