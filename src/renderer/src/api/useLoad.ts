// The one way the renderer loads data: a fetch tied to its inputs, whose late answers are dropped.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'

export interface Load<T> {
  /** The answer for the current inputs; undefined until it arrives (or when the fetch is skipped or failed). */
  data: T | undefined
  error: Error | null
  loading: boolean
  /** Fetch again with the same inputs (after a write that changed the answer). */
  reload(): void
}

export interface LoadOptions<T> {
  /** Called with a fresh answer only (never one for older inputs or after unmount). */
  onData?(data: T): void
  /** Called with a fresh failure only. */
  onError?(error: Error): void
}

interface LoadState<T> {
  data: T | undefined
  error: Error | null
  loading: boolean
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))

/**
 * Runs `fetcher` whenever `deps` change (or `reload` is called) and keeps its answer. An answer that
 * arrives after the deps changed, after a newer reload, or after unmount is ignored. A null fetcher
 * means "nothing to load now" (e.g. no project open): data resets to undefined, nothing is fetched.
 */
export function useLoad<T>(
  fetcher: (() => Promise<T>) | null,
  deps: DependencyList,
  options: LoadOptions<T> = {}
): Load<T> {
  const [state, setState] = useState<LoadState<T>>({
    data: undefined,
    error: null,
    loading: fetcher !== null
  })
  const [tick, setTick] = useState(0)
  // The callbacks may be new closures on every render; the latest ones are used when an answer lands.
  const callbacks = useRef(options)
  useEffect(() => {
    callbacks.current = options
  })
  useEffect(() => {
    if (!fetcher) {
      setState({ data: undefined, error: null, loading: false })
      return
    }
    let live = true
    setState({ data: undefined, error: null, loading: true })
    fetcher().then(
      (data) => {
        if (!live) return
        setState({ data, error: null, loading: false })
        callbacks.current.onData?.(data)
      },
      (e: unknown) => {
        if (!live) return
        const error = asError(e)
        setState({ data: undefined, error, loading: false })
        callbacks.current.onError?.(error)
      }
    )
    return () => {
      live = false
    }
    // The caller's deps stand for the fetcher's inputs (like useEffect's); `tick` is a reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { ...state, reload }
}
