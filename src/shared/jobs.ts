/** The jobs the job:list call reports: running ones and how recent ones ended (output schemas). */
import { z } from 'zod'

/** A running job as the job:list call reports it (a page re-attaches to its own kind after navigation or reload). */
export const runningJobSchema = z.object({
  jobId: z.string(),
  label: z.string(),
  /** The API call that started it ("elasticity:train", "pipeline:run", …); null when not known. */
  kind: z.string().nullable(),
  /** The dataset it works on, when the call names one. */
  dataset: z.string().nullable(),
  startedAt: z.string(),
  percent: z.number(),
  message: z.string()
})
export type RunningJob = z.infer<typeof runningJobSchema>

/** How a job ended, kept for a while so a page that re-attached can say "cancelled" rather than "failed". */
export const finishedJobSchema = z.object({
  jobId: z.string(),
  kind: z.string().nullable(),
  status: z.enum(['done', 'cancelled', 'failed']),
  message: z.string(),
  finishedAt: z.string()
})
export type FinishedJob = z.infer<typeof finishedJobSchema>
