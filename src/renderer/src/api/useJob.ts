import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiName } from '../../../shared/api'
import type { ApiError } from '../../../shared/api/envelope'
import { usePriceLab } from './ClientContext'
import { useJobReattach } from './useJobReattach'

export interface JobState<T> {
  running: boolean
  percent: number
  message: string
  result: T | null
  error: ApiError | Error | null
  /** Counts the ends of re-attached jobs: a page reloads its results when it changes. */
  ended: number
}

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

  useJobReattach(client, kind, jobId, setState)

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
