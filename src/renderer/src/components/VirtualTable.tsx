import { useEffect, useRef, useState } from 'react'
import { Box, Typography, Alert } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import { useVirtualizer } from '@tanstack/react-virtual'
import { FILTER_HELP } from '../data/filters'
import { PAGE, useDebouncedFilters, useTablePages, type Sort } from './useTablePages'
import { COL_W, ROW_H, TableHeader, TableRow, type Column } from './VirtualTableParts'
import { count } from '../format'

interface Props {
  table: string
  columns: Column[]
}

/**
 * A virtualized grid over any table: only the visible rows exist in the DOM and
 * only the pages around them are fetched, so a million rows scroll like a hundred.
 * Sorting and filtering happen in SQL.
 */
export function VirtualTable({ table, columns }: Props) {
  const theme = useTheme()
  const [sort, setSort] = useState<Sort>(null)
  const { input, setInput, filters } = useDebouncedFilters()
  const { total, error, load, rowAt } = useTablePages(table, sort, filters)
  const scrollRef = useRef<HTMLDivElement>(null)

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

  const width = 64 + columns.length * COL_W
  const border = `1px solid ${theme.palette.divider}`

  return (
    <Box sx={{ border, borderRadius: 1, bgcolor: 'background.paper', overflow: 'hidden' }}>
      {error && <Alert severity="error">{error}</Alert>}
      <Box
        ref={scrollRef}
        sx={{ height: 'max(320px, calc(100vh - 330px))', overflow: 'auto' }}
        data-testid="virtual-table"
      >
        <TableHeader
          columns={columns}
          width={width}
          sort={sort}
          onSort={setSort}
          filterInput={input}
          onFilterInput={setInput}
        />
        <Box sx={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {items.map((vi) => (
            <TableRow
              key={vi.key}
              columns={columns}
              index={vi.index}
              start={vi.start}
              row={rowAt(vi.index)}
            />
          ))}
        </Box>
      </Box>
      <Box sx={{ px: 1.5, py: 0.75, borderTop: border, display: 'flex', gap: 2, alignItems: 'baseline' }}>
        <Typography variant="caption" color="text.secondary" data-testid="row-count" sx={{ flexShrink: 0 }}>
          {count(total)} rows{filters.length ? ' match the filters' : ''}
        </Typography>
        <Typography variant="caption" color="text.secondary" data-testid="filter-help" sx={{ ml: 'auto' }}>
          {FILTER_HELP}
        </Typography>
      </Box>
    </Box>
  )
}
