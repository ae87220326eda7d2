// Re-attaching a job page to a job of its kind still running in the backend (after navigation or a reload).
import { useEffect, type Dispatch, type MutableRefObject, type SetStateAction } from 'react'
import type { ApiName } from '../../../shared/api'
import { ApiError } from '../../../shared/api/envelope'
import type { PriceLabClient } from './client'
import type { JobState } from './useJob'

/** How often a re-attached job is checked for its end (its progress arrives as events meanwhile). */
const POLL_MS = 1000

type SetJobState<T> = Dispatch<SetStateAction<JobState<T>>>

/** How a re-attached job ended, as the job state's error (null when it finished). */
function endError(
  kind: ApiName,
  end: { status: string; message?: string } | undefined
): ApiError | Error | null {
  if (end?.status === 'cancelled')
    return new ApiError({ code: 'cancelled', message: `${kind.split(':')[0]} run cancelled` })
  return end?.status === 'failed' ? new Error(end.message) : null
}

/**
 * On mount, looks for a running job of this `kind`; if one is found (and no job of ours runs), takes it
 * as the current job and checks every POLL_MS until it ends, then bumps `ended`.
 */
export function useJobReattach<T>(
  client: PriceLabClient,
  kind: ApiName | undefined,
  jobId: MutableRefObject<string | null>,
  setState: SetJobState<T>
): void {
  useEffect(() => {
    if (!kind) return
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const watch = (id: string) => {
      timer = setTimeout(() => {
        client
          .call('job:list', {})
          .then(({ running, finished }) => {
            if (stop || jobId.current !== id) return
            if (running.some((j) => j.jobId === id)) return watch(id)
            const end = finished.find((f) => f.jobId === id)
            jobId.current = null
            setState((s) => ({
              ...s,
              running: false,
              percent: 100,
              error: endError(kind, end),
              ended: s.ended + 1
            }))
          })
          // A failed check (the backend busy or restarting) is retried: the job may still be running.
          .catch((e: unknown) => {
            console.warn('job:list failed while watching a re-attached job; retrying', e)
            if (!stop) watch(id)
          })
      }, POLL_MS)
    }
    client
      .call('job:list', {})
      .then(({ running }) => {
        const j = running.find((r) => r.kind === kind)
        if (stop || !j || jobId.current) return
        jobId.current = j.jobId
        setState((s) => ({
          ...s,
          running: true,
          percent: j.percent,
          message: j.message,
          result: null,
          error: null
        }))
        watch(j.jobId)
      })
      // Not re-attaching is not fatal (the page still works and its results load), but it is logged.
      .catch((e: unknown) => console.warn(`could not look for a running ${kind} job to re-attach to`, e))
    return () => {
      stop = true
      if (timer) clearTimeout(timer)
    }
  }, [client, kind, jobId, setState])
}
