/** The job calls: cancel a running job, list the running and recently finished ones. */
import type { ApiName } from '../../shared/api'
import type { HandlerMap } from '../context'

type JobCall = Extract<ApiName, `job:${string}`>

export const jobHandlers = {
  'job:cancel': async ({ jobId }, ctx) => ({ cancelled: ctx.jobs.cancel(jobId) }),
  'job:list': async (_args, ctx) => ({ running: ctx.jobs.list(), finished: ctx.jobs.finished() })
} satisfies HandlerMap<JobCall>
