// The data side of VirtualTable: debounced column filters and the pages of rows fetched around the view.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { usePriceLab } from '../api/ClientContext'
import { parseFilter } from '../data/filters'
import type { SqlValue } from '../../../shared/data/results'

export const PAGE = 200
const FILTER_DELAY_MS = 250

export type Sort = { column: string; direction: 'asc' | 'desc' } | null

/**
 * The filter boxes' text (`input`, what is typed) and the parsed filters, applied after a pause so each
 * keystroke does not start (and cancel) a scan of a huge table.
 */
export function useDebouncedFilters() {
  const [filterText, setFilterText] = useState<Record<string, string>>({})
  const [input, setInput] = useState<Record<string, string>>({})
  useEffect(() => {
    const apply = () =>
      setFilterText((prev) => (JSON.stringify(prev) === JSON.stringify(input) ? prev : input))
    const t = setTimeout(apply, FILTER_DELAY_MS)
    return () => clearTimeout(t)
  }, [input])
  const filters = useMemo(
    () =>
      Object.entries(filterText)
        .map(([c, t]) => parseFilter(c, t))
        .filter((f): f is NonNullable<typeof f> => f !== null),
    [filterText]
  )
  return { input, setInput, filters }
}

/**
 * Pages of PAGE rows of `table` (sorted and filtered in SQL), fetched on demand by `load(page)` and
 * all dropped when the table, sort, filters or data change; an answer for an older generation is ignored.
 */
export function useTablePages(
  table: string,
  sort: Sort,
  filters: ReturnType<typeof useDebouncedFilters>['filters']
) {
  const { client, dataVersion } = usePriceLab()
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [, force] = useState(0)
  const pages = useRef(new Map<number, SqlValue[][]>())
  const loading = useRef(new Set<number>())
  const generation = useRef(0)

  const load = useCallback(
    async (page: number) => {
      if (pages.current.has(page) || loading.current.has(page)) return
      loading.current.add(page)
      const gen = generation.current
      try {
        const r = await client.call('data:rows', {
          table,
          offset: page * PAGE,
          limit: PAGE,
          sort: sort ?? undefined,
          filters
        })
        if (gen !== generation.current) return
        pages.current.set(page, r.rows)
        setTotal(r.total)
        setError(null)
        force((x) => x + 1)
      } catch (e) {
        if (gen === generation.current) setError((e as Error).message)
      } finally {
        loading.current.delete(page)
      }
    },
    [client, table, sort, filters]
  )

  useEffect(() => {
    generation.current++
    pages.current.clear()
    loading.current.clear()
    void load(0)
  }, [load, dataVersion])

  const rowAt = (index: number): SqlValue[] | undefined =>
    pages.current.get(Math.floor(index / PAGE))?.[index % PAGE]
  return { total, error, load, rowAt }
}
