import { useCallback, useEffect, useState } from 'react'

/** The page named by the URL's hash ("#/elasticity"), or the fallback. */
function fromHash<T extends string>(ids: readonly T[], fallback: T): T {
  const h = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return (ids as readonly string[]).includes(h) ? (h as T) : fallback
}

/**
 * The current page kept in the URL's hash, so a reload (or a bookmark) stays on it and
 * the browser's back button goes to the previous page. Works under file:// (Electron) too.
 */
export function useHashPage<T extends string>(ids: readonly T[], fallback: T): [T, (p: T) => void] {
  const [page, setPage] = useState<T>(() => fromHash(ids, fallback))
  useEffect(() => {
    const on = () => setPage(fromHash(ids, fallback))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [ids, fallback])
  const go = useCallback((p: T) => {
    if (window.location.hash !== `#/${p}`) window.location.hash = `#/${p}`
    setPage(p)
  }, [])
  return [page, go]
}
