import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Box, InputBase, Typography, Alert } from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ColumnType } from '../../../shared/data'
import { usePriceLab } from '../api/ClientContext'
import { FILTER_HELP, parseFilter } from '../data/filters'
import { formatNumber } from '../format'
import type { SqlValue } from '../../../shared/data/results'

const PAGE = 200
const ROW_H = 30
const FILTER_DELAY_MS = 250

interface Props {
  table: string
  columns: { name: string; type: ColumnType }[]
}

/**
 * A virtualized grid over any table: only the visible rows exist in the DOM and
 * only the pages around them are fetched, so a million rows scroll like a hundred.
 * Sorting and filtering happen in SQL.
 */
export function VirtualTable({ table, columns }: Props) {
  const { client, dataVersion } = usePriceLab()
  const theme = useTheme()
  const [sort, setSort] = useState<{ column: string; direction: 'asc' | 'desc' } | null>(null)
  const [filterText, setFilterText] = useState<Record<string, string>>({})
  // What is typed; applied after a pause, so each keystroke does not start (and cancel) a scan of a huge table.
  const [filterInput, setFilterInput] = useState<Record<string, string>>({})
  useEffect(() => {
    const apply = () =>
      setFilterText((prev) => (JSON.stringify(prev) === JSON.stringify(filterInput) ? prev : filterInput))
    const t = setTimeout(apply, FILTER_DELAY_MS)
    return () => clearTimeout(t)
  }, [filterInput])
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [, force] = useState(0)
  const pages = useRef(new Map<number, SqlValue[][]>())
  const loading = useRef(new Set<number>())
  const scrollRef = useRef<HTMLDivElement>(null)
  const generation = useRef(0)

  const filters = useMemo(
    () =>
      Object.entries(filterText)
        .map(([c, t]) => parseFilter(c, t))
        .filter((f): f is NonNullable<typeof f> => f !== null),
    [filterText]
  )

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

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 15
  })
  const items = virtualizer.getVirtualItems()
  useEffect(() => {
    if (!items.length) return
    const first = Math.floor(items[0].index / PAGE)
    const last = Math.floor(items[items.length - 1].index / PAGE)
    for (let p = first; p <= last; p++) void load(p)
  }, [items, load])

  const colW = 150
  const width = 64 + columns.length * colW
  const numeric = (t: ColumnType) => t === 'integer' || t === 'number'
  const border = `1px solid ${theme.palette.divider}`

  return (
    <Box sx={{ border, borderRadius: 1, bgcolor: 'background.paper', overflow: 'hidden' }}>
      {error && <Alert severity="error">{error}</Alert>}
      <Box
        ref={scrollRef}
        sx={{ height: 'max(320px, calc(100vh - 330px))', overflow: 'auto' }}
        data-testid="virtual-table"
      >
        <Box
          sx={{
            width,
            position: 'sticky',
            top: 0,
            zIndex: 1,
            bgcolor: 'background.paper',
            borderBottom: border
          }}
        >
          <Box sx={{ display: 'flex', fontWeight: 600, fontSize: 13 }}>
            <Box sx={{ width: 64, px: 1, py: 0.75, color: 'text.secondary' }}>#</Box>
            {columns.map((c) => (
              <Box
                key={c.name}
                role="columnheader"
                aria-sort={
                  sort?.column === c.name ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
                }
                onClick={() =>
                  setSort((s) =>
                    s?.column !== c.name
                      ? { column: c.name, direction: 'asc' }
                      : s.direction === 'asc'
                        ? { column: c.name, direction: 'desc' }
                        : null
                  )
                }
                title={`${c.name} (${c.type}) — click to sort`}
                sx={{
                  width: colW,
                  px: 1,
                  py: 0.75,
                  cursor: 'pointer',
                  whiteSpace: 'nowrap',
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  textAlign: numeric(c.type) ? 'right' : 'left',
                  '&:hover': { bgcolor: 'action.hover' }
                }}
              >
                {c.name}
                {sort?.column === c.name ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
              </Box>
            ))}
          </Box>
          <Box sx={{ display: 'flex', borderTop: border }}>
            <Box sx={{ width: 64, flexShrink: 0 }} />
            {columns.map((c) => (
              <InputBase
                key={c.name}
                placeholder={numeric(c.type) ? '>10, =3…' : 'filter'}
                value={filterInput[c.name] ?? ''}
                onChange={(e) => setFilterInput((f) => ({ ...f, [c.name]: e.target.value }))}
                inputProps={{ 'aria-label': `Filter ${c.name}` }}
                sx={{ width: colW, px: 1, fontSize: 12, bgcolor: alpha(theme.palette.primary.main, 0.04) }}
              />
            ))}
          </Box>
        </Box>
        <Box sx={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {items.map((vi) => {
            const row = pages.current.get(Math.floor(vi.index / PAGE))?.[vi.index % PAGE]
            return (
              <Box
                key={vi.key}
                role="row"
                sx={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  height: ROW_H,
                  transform: `translateY(${vi.start}px)`,
                  display: 'flex',
                  fontSize: 13,
                  alignItems: 'center',
                  borderBottom: border,
                  bgcolor: vi.index % 2 ? alpha(theme.palette.text.primary, 0.02) : undefined
                }}
              >
                <Box sx={{ width: 64, px: 1, color: 'text.disabled', fontSize: 11 }}>{vi.index + 1}</Box>
                {columns.map((c, k) => (
                  <Box
                    key={c.name}
                    role="cell"
                    sx={{
                      width: colW,
                      px: 1,
                      whiteSpace: 'nowrap',
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      textAlign: numeric(c.type) ? 'right' : 'left',
                      fontVariantNumeric: 'tabular-nums',
                      color: row?.[k] === null ? 'text.disabled' : undefined
                    }}
                  >
                    {row
                      ? row[k] === null
                        ? '∅'
                        : numeric(c.type)
                          ? formatNumber(row[k])
                          : String(row[k])
                      : '…'}
                  </Box>
                ))}
              </Box>
            )
          })}
        </Box>
      </Box>
      <Box sx={{ px: 1.5, py: 0.75, borderTop: border, display: 'flex', gap: 2, alignItems: 'baseline' }}>
        <Typography variant="caption" color="text.secondary" data-testid="row-count" sx={{ flexShrink: 0 }}>
          {total.toLocaleString('en-US')} rows{filters.length ? ' match the filters' : ''}
        </Typography>
        <Typography variant="caption" color="text.secondary" data-testid="filter-help" sx={{ ml: 'auto' }}>
          {FILTER_HELP}
        </Typography>
      </Box>
    </Box>
  )
}
