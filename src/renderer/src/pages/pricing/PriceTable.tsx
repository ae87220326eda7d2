import { useMemo, useState } from 'react'
import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  TextField,
  Tooltip
} from '@mui/material'
import type { PriceRow } from '../../../../shared/pricing'
import { int, money, signedPct } from '../../format'
import { capitalize } from './settings-rules'
import { bindingLabel } from './wording'
import { hasOwnNames } from './name-column'

type Key = keyof PriceRow
const COLUMNS: { key: Key; label: string; numeric?: boolean; digits?: number }[] = [
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
                {columns.map((c) => {
                  const v = r[c.key]
                  if (c.key === 'binding_guardrail')
                    return (
                      <TableCell key={c.key}>
                        {v ? <Chip size="small" label={bindingLabel(String(v), segment)} /> : '—'}
                        {r.out_of_observed_range && (
                          <Chip size="small" color="warning" label="outside observed" sx={{ ml: 0.5 }} />
                        )}
                      </TableCell>
                    )
                  if (c.key === 'reasoning')
                    return (
                      <TableCell key={c.key} sx={{ maxWidth: 260 }}>
                        <Tooltip title={r.reasoning}>
                          <span
                            style={{
                              display: 'block',
                              overflow: 'hidden',
                              textOverflow: 'ellipsis',
                              whiteSpace: 'nowrap'
                            }}
                          >
                            {r.reasoning}
                          </span>
                        </Tooltip>
                      </TableCell>
                    )
                  if (c.key === 'recommended_price')
                    return (
                      <TableCell
                        key={c.key}
                        align="right"
                        sx={{ whiteSpace: 'nowrap' }}
                        data-col="recommended_price"
                      >
                        {price(r.current_price)} → <b>{price(r.recommended_price)}</b>
                      </TableCell>
                    )
                  if (c.key === 'revenue_after')
                    return (
                      <TableCell
                        key={c.key}
                        align="right"
                        title={`${Math.round(r.enrollments_before * 10) / 10} → ${Math.round(r.enrollments_after * 10) / 10} ${sample ? 'enrollments a week' : 'units a period'}`}
                      >
                        {int(r.revenue_after)}
                      </TableCell>
                    )
                  if (c.key === 'name')
                    return (
                      <TableCell
                        key={c.key}
                        sx={{
                          maxWidth: 170,
                          whiteSpace: 'nowrap',
                          overflow: 'hidden',
                          textOverflow: 'ellipsis'
                        }}
                      >
                        {String(v)}
                      </TableCell>
                    )
                  return (
                    <TableCell
                      key={c.key}
                      align={c.numeric ? 'right' : 'left'}
                      sx={
                        c.key === 'change_pct'
                          ? {
                              color:
                                (v as number) > 0
                                  ? 'success.main'
                                  : (v as number) < 0
                                    ? 'error.main'
                                    : undefined
                            }
                          : undefined
                      }
                    >
                      {c.key === 'change_pct' && typeof v === 'number'
                        ? signedPct(v, 1)
                        : c.key === 'strategy_price' && typeof v === 'number'
                          ? price(v)
                          : typeof v === 'number'
                            ? v.toLocaleString('en-US', { maximumFractionDigits: c.digits ?? 2 })
                            : String(v ?? '—')}
                    </TableCell>
                  )
                })}
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
