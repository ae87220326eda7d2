import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../../../shared/api'
import { usePriceLab } from './ClientContext'

export interface JobState<T> {
  running: boolean
  percent: number
  message: string
  result: T | null
  error: ApiError | Error | null
}

/** Runs a long backend job with a fresh job id: progress from events, cancel by id. */
export function useJob<T>() {
  const { client } = usePriceLab()
  const [state, setState] = useState<JobState<T>>({
    running: false,
    percent: 0,
    message: '',
    result: null,
    error: null
  })
  const jobId = useRef<string | null>(null)

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
    setState({ running: true, percent: 0, message: 'Starting…', result: null, error: null })
    try {
      const result = await run(id)
      setState({ running: false, percent: 100, message: 'Done', result, error: null })
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

  const reset = useCallback(
    () => setState({ running: false, percent: 0, message: '', result: null, error: null }),
    []
  )
  return { ...state, start, cancel, reset }
}
