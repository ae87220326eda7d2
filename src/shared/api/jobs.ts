/** The job calls: cancel a running job, list running and recently finished ones. */
import { z } from 'zod'
import { finishedJobSchema, runningJobSchema } from '../jobs'
import { jobId } from './common'

export const jobCalls = {
  'job:cancel': { input: z.strictObject({ jobId }), output: z.object({ cancelled: z.boolean() }) },
  /** Running jobs (a page re-attaches to its own after navigation or reload) and how recent ones ended. */
  'job:list': {
    input: z.strictObject({}),
    output: z.object({ running: z.array(runningJobSchema), finished: z.array(finishedJobSchema) })
  }
} as const
