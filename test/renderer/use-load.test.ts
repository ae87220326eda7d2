// @vitest-environment jsdom
// useLoad: the one data-loading hook keeps the answer for the current inputs and drops late ones.
import { describe, expect, it } from 'vitest'
import { act, renderHook, waitFor } from '@testing-library/react'
import { useLoad } from '../../src/renderer/src/api/useLoad'

/** A promise the test settles by hand, to make answers arrive in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLoad', () => {
  it('keeps the answer for the current deps and drops one that arrives after the deps changed', async () => {
    const answers = { a: deferred<string>(), b: deferred<string>() }
    const seen: string[] = []
    const { result, rerender } = renderHook(
      ({ key }: { key: 'a' | 'b' }) =>
        useLoad(() => answers[key].promise, [key], { onData: (d) => seen.push(d) }),
      { initialProps: { key: 'a' as 'a' | 'b' } }
    )
    expect(result.current.loading).toBe(true)
    rerender({ key: 'b' })
    await act(async () => answers.b.resolve('answer for b'))
    expect(result.current.data).toBe('answer for b')
    // The slow answer for the old deps lands last: it must not replace the current one.
    await act(async () => answers.a.resolve('stale answer for a'))
    expect(result.current.data).toBe('answer for b')
    expect(result.current.loading).toBe(false)
    expect(seen).toEqual(['answer for b'])
  })

  it('drops a failure for old deps and reports a fresh one', async () => {
    const answers = { a: deferred<string>(), b: deferred<string>() }
    const { result, rerender } = renderHook(
      ({ key }: { key: 'a' | 'b' }) => useLoad(() => answers[key].promise, [key]),
      {
        initialProps: { key: 'a' as 'a' | 'b' }
      }
    )
    rerender({ key: 'b' })
    await act(async () => answers.a.reject(new Error('old failure')))
    expect(result.current.error).toBeNull()
    expect(result.current.loading).toBe(true)
    await act(async () => answers.b.reject(new Error('fresh failure')))
    expect(result.current.error?.message).toBe('fresh failure')
  })

  it('ignores an answer that arrives after unmount', async () => {
    const answer = deferred<string>()
    const seen: string[] = []
    const { unmount } = renderHook(() => useLoad(() => answer.promise, [], { onData: (d) => seen.push(d) }))
    unmount()
    await act(async () => answer.resolve('too late'))
    expect(seen).toEqual([])
  })

  it('reload fetches again and an older reload cannot overwrite a newer one', async () => {
    const queue = [deferred<number>(), deferred<number>()]
    let calls = 0
    const { result } = renderHook(() => useLoad(() => queue[calls++].promise, []))
    act(() => result.current.reload())
    await waitFor(() => expect(calls).toBe(2))
    await act(async () => queue[1].resolve(2))
    await act(async () => queue[0].resolve(1))
    expect(result.current.data).toBe(2)
  })

  it('a null fetcher loads nothing', () => {
    const { result } = renderHook(() => useLoad<number>(null, []))
    expect(result.current).toMatchObject({ data: undefined, loading: false, error: null })
  })
})
