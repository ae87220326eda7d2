// VirtualTable's sticky header (sortable column names, filter boxes) and one of its rows.
import { Box, InputBase } from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import type { ColumnType } from '../../../shared/data'
import type { SqlValue } from '../../../shared/data/results'
import { formatNumber } from '../format'
import type { Sort } from './useTablePages'

export const COL_W = 150
export const ROW_H = 30

export type Column = { name: string; type: ColumnType }

export const isNumeric = (t: ColumnType) => t === 'integer' || t === 'number'

/** Click order on a header: ascending, descending, unsorted. */
const nextSort = (s: Sort, column: string): Sort =>
  s?.column !== column
    ? { column, direction: 'asc' }
    : s.direction === 'asc'
      ? { column, direction: 'desc' }
      : null

/** The column names (click to sort). */
function SortRow({
  columns,
  sort,
  onSort
}: {
  columns: Column[]
  sort: Sort
  onSort(f: (s: Sort) => Sort): void
}) {
  return (
    <Box sx={{ display: 'flex', fontWeight: 600, fontSize: 13 }}>
      <Box sx={{ width: 64, px: 1, py: 0.75, color: 'text.secondary' }}>#</Box>
      {columns.map((c) => (
        <Box
          key={c.name}
          role="columnheader"
          aria-sort={
            sort?.column === c.name ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
          }
          onClick={() => onSort((s) => nextSort(s, c.name))}
          title={`${c.name} (${c.type}) — click to sort`}
          sx={{
            width: COL_W,
            px: 1,
            py: 0.75,
            cursor: 'pointer',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            textAlign: isNumeric(c.type) ? 'right' : 'left',
            '&:hover': { bgcolor: 'action.hover' }
          }}
        >
          {c.name}
          {sort?.column === c.name ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
        </Box>
      ))}
    </Box>
  )
}

interface HeaderProps {
  columns: Column[]
  width: number
  sort: Sort
  onSort(f: (s: Sort) => Sort): void
  filterInput: Record<string, string>
  onFilterInput(f: (prev: Record<string, string>) => Record<string, string>): void
}

/** The sticky header: column names (click to sort) over a filter box per column. */
export function TableHeader({ columns, width, sort, onSort, filterInput, onFilterInput }: HeaderProps) {
  const theme = useTheme()
  const border = `1px solid ${theme.palette.divider}`
  return (
    <Box
      sx={{ width, position: 'sticky', top: 0, zIndex: 1, bgcolor: 'background.paper', borderBottom: border }}
    >
      <SortRow columns={columns} sort={sort} onSort={onSort} />
      <Box sx={{ display: 'flex', borderTop: border }}>
        <Box sx={{ width: 64, flexShrink: 0 }} />
        {columns.map((c) => (
          <InputBase
            key={c.name}
            placeholder={isNumeric(c.type) ? '>10, =3…' : 'filter'}
            value={filterInput[c.name] ?? ''}
            onChange={(e) => onFilterInput((f) => ({ ...f, [c.name]: e.target.value }))}
            inputProps={{ 'aria-label': `Filter ${c.name}` }}
            sx={{ width: COL_W, px: 1, fontSize: 12, bgcolor: alpha(theme.palette.primary.main, 0.04) }}
          />
        ))}
      </Box>
    </Box>
  )
}

/** How a cell shows its value: ∅ for null, numbers formatted, … while its page loads. */
function cellText(row: SqlValue[] | undefined, k: number, type: ColumnType): string {
  if (!row) return '…'
  if (row[k] === null) return '∅'
  return isNumeric(type) ? formatNumber(row[k]) : String(row[k])
}

interface RowProps {
  columns: Column[]
  index: number
  start: number
  row: SqlValue[] | undefined
}

/** One absolutely placed row of the virtual grid (its number, then a cell per column). */
export function TableRow({ columns, index, start, row }: RowProps) {
  const theme = useTheme()
  return (
    <Box
      role="row"
      sx={{
        position: 'absolute',
        top: 0,
        left: 0,
        height: ROW_H,
        transform: `translateY(${start}px)`,
        display: 'flex',
        fontSize: 13,
        alignItems: 'center',
        borderBottom: `1px solid ${theme.palette.divider}`,
        bgcolor: index % 2 ? alpha(theme.palette.text.primary, 0.02) : undefined
      }}
    >
      <Box sx={{ width: 64, px: 1, color: 'text.disabled', fontSize: 11 }}>{index + 1}</Box>
      {columns.map((c, k) => (
        <Box
          key={c.name}
          role="cell"
          sx={{
            width: COL_W,
            px: 1,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            textAlign: isNumeric(c.type) ? 'right' : 'left',
            fontVariantNumeric: 'tabular-nums',
            color: row?.[k] === null ? 'text.disabled' : undefined
          }}
        >
          {cellText(row, k, c.type)}
        </Box>
      ))}
    </Box>
  )
}
