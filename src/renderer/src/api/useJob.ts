import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiName } from '../../../shared/api'
import { ApiError } from '../../../shared/api/envelope'
import { usePriceLab } from './ClientContext'

export interface JobState<T> {
  running: boolean
  percent: number
  message: string
  result: T | null
  error: ApiError | Error | null
  /** Counts the ends of re-attached jobs: a page reloads its results when it changes. */
  ended: number
}

/** How often a re-attached job is checked for its end (its progress arrives as events meanwhile). */
const POLL_MS = 1000

/**
 * Runs a long backend job with a fresh job id: progress from events, cancel by id.
 * Given the API call's name (`kind`), it re-attaches on mount to a job of that kind
 * still running in the backend (the page was left or reloaded during it): progress,
 * cancel and a disabled start button come back, and `ended` changes when it ends.
 */
export function useJob<T>(kind?: ApiName) {
  const { client } = usePriceLab()
  const [state, setState] = useState<JobState<T>>({
    running: false,
    percent: 0,
    message: '',
    result: null,
    error: null,
    ended: 0
  })
  const jobId = useRef<string | null>(null)

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
              error:
                end?.status === 'cancelled'
                  ? new ApiError({ code: 'cancelled', message: `${kind.split(':')[0]} run cancelled` })
                  : end?.status === 'failed'
                    ? new Error(end.message)
                    : null,
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
  }, [client, kind])

  useEffect(
    () =>
      client.onEvent((e) => {
        if (e.type === 'progress' && e.jobId === jobId.current)
          setState((s) => ({ ...s, percent: e.percent, message: e.message }))
      }),
    [client]
  )

  const start = useCallback(async (run: (jobId: string) => Promise<T>): Promise<T | null> => {
    const id = `job-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
    jobId.current = id
    setState((s) => ({ ...s, running: true, percent: 0, message: 'Starting…', result: null, error: null }))
    try {
      const result = await run(id)
      setState((s) => ({ ...s, running: false, percent: 100, message: 'Done', result, error: null }))
      return result
    } catch (e) {
      setState((s) => ({ ...s, running: false, error: e as Error }))
      return null
    } finally {
      jobId.current = null
    }
  }, [])

  const cancel = useCallback(() => {
    if (jobId.current) void client.call('job:cancel', { jobId: jobId.current })
  }, [client])

  /** Forgets how the last job ended (its result or error); a job still running is kept. */
  const reset = useCallback(
    () => setState((s) => (s.running ? s : { ...s, percent: 0, message: '', result: null, error: null })),
    []
  )
  return { ...state, start, cancel, reset }
}

/** What useJob gives a component (for the parts a page hands its job to). */
export type Job<T> = ReturnType<typeof useJob<T>>
