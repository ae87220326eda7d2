import { useMemo, useState } from 'react'
import {
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  TextField
} from '@mui/material'
import type { PriceRow } from '../../../../shared/pricing'
import { money } from '../../format'
import { capitalize } from './settings-rules'
import { hasOwnNames } from './name-column'
import { PriceCell, type PriceColumn, type PriceKey } from './PriceTableCells'

type Key = PriceKey
const COLUMNS: PriceColumn[] = [
  { key: 'item_id', label: 'Item' },
  { key: 'name', label: 'Name' },
  { key: 'category', label: 'Category' },
  { key: 'recommended_price', label: 'Price', numeric: true, digits: 2 },
  { key: 'change_pct', label: 'Change %', numeric: true, digits: 1 },
  { key: 'revenue_after', label: 'Revenue/wk', numeric: true, digits: 0 },
  { key: 'strategy_price', label: 'Blend price', numeric: true, digits: 2 },
  { key: 'binding_guardrail', label: 'Bound by' },
  { key: 'reasoning', label: 'Why' }
]

/** The rows as the table shows them: filtered by the typed text, sorted by the chosen column, paged. */
function useShownRows(rows: PriceRow[]) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'change_pct', desc: true })
  const [filter, setFilter] = useState('')
  const [page, setPage] = useState(0)
  const [perPage, setPerPage] = useState(25)
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase()
    const kept = f
      ? rows.filter((r) =>
          `${r.item_id} ${r.name} ${r.category} ${r.binding_guardrail ?? ''}`.toLowerCase().includes(f)
        )
      : rows
    const sign = sort.desc ? -1 : 1
    return [...kept].sort((a, b) => {
      const x = a[sort.key] ?? ''
      const y = b[sort.key] ?? ''
      return (
        sign *
        (typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), undefined, { numeric: true }))
      )
    })
  }, [rows, sort, filter])
  return { sort, setSort, filter, setFilter, page, setPage, perPage, setPerPage, shown }
}

/** The recommendation per item: sortable, filterable, with the binding rule and the reasoning. */
export function PriceTable({
  rows,
  sample = true,
  decimals = null,
  segment = 'category'
}: {
  rows: PriceRow[]
  sample?: boolean
  /** What the dataset's segment column is called: the column header says it. */
  segment?: string
  /** A currency's decimals: prices are written with exactly these (2.00, not 2); null: as they are (tokens). */
  decimals?: number | null
}) {
  const price = (x: number) => money(x, decimals)
  const named = hasOwnNames(rows)
  const columns = COLUMNS.filter((c) => named || c.key !== 'name').map((c) =>
    c.key === 'revenue_after' && !sample
      ? { ...c, label: 'Revenue/period' }
      : c.key === 'category'
        ? { ...c, label: capitalize(segment) }
        : c
  )
  const { sort, setSort, filter, setFilter, page, setPage, perPage, setPerPage, shown } = useShownRows(rows)
  return (
    <>
      <TextField
        size="small"
        label={`Filter (item, name, ${segment}, rule)`}
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value)
          setPage(0)
        }}
        sx={{ width: 320, mb: 1 }}
      />
      <TableContainer>
        <Table size="small" data-testid="price-table" sx={{ '& td, & th': { px: 1 } }}>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell key={c.key} align={c.numeric ? 'right' : 'left'} sx={{ fontWeight: 600 }}>
                  <TableSortLabel
                    active={sort.key === c.key}
                    direction={sort.key === c.key && sort.desc ? 'desc' : 'asc'}
                    onClick={() =>
                      setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : c.numeric === true })
                    }
                  >
                    {c.label}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.slice(page * perPage, (page + 1) * perPage).map((r) => (
              <TableRow key={r.item_id} hover>
                {columns.map((c) => (
                  <PriceCell key={c.key} r={r} c={c} price={price} sample={sample} segment={segment} />
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={shown.length}
        page={page}
        onPageChange={(_, p) => setPage(p)}
        rowsPerPage={perPage}
        onRowsPerPageChange={(e) => {
          setPerPage(Number(e.target.value))
          setPage(0)
        }}
        rowsPerPageOptions={[25, 50, 100]}
      />
    </>
  )
}
