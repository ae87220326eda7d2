// One cell of the price table: each column's own way of showing a recommendation.
import { Chip, TableCell, Tooltip } from '@mui/material'
import type { PriceRow } from '../../../../shared/pricing'
import { int, signedPct, upTo } from '../../format'
import { bindingLabel } from './wording'

export type PriceKey = keyof PriceRow
export interface PriceColumn {
  key: PriceKey
  label: string
  numeric?: boolean
  digits?: number
}

/** Long text on one line, cut with an ellipsis (the whole text is in the tooltip or the export). */
const ONE_LINE = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const

/** A price rise in green, a cut in red, no change in the text colour. */
function changeColor(v: number): string | undefined {
  return v > 0 ? 'success.main' : v < 0 ? 'error.main' : undefined
}

/** A cell's value written for its column (change in signed percent, prices in the data's currency). */
function plainValue(c: PriceColumn, v: PriceRow[PriceKey], price: (x: number) => string): string {
  if (c.key === 'change_pct' && typeof v === 'number') return signedPct(v)
  if (c.key === 'strategy_price' && typeof v === 'number') return price(v)
  if (typeof v === 'number') return upTo(v, c.digits ?? 2)
  return String(v ?? '—')
}

export function PriceCell({
  r,
  c,
  price,
  sample,
  segment
}: {
  r: PriceRow
  c: PriceColumn
  price: (x: number) => string
  sample: boolean
  segment: string
}) {
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
          <span style={{ display: 'block', ...ONE_LINE }}>{r.reasoning}</span>
        </Tooltip>
      </TableCell>
    )
  if (c.key === 'recommended_price')
    return (
      <TableCell key={c.key} align="right" sx={{ whiteSpace: 'nowrap' }} data-col="recommended_price">
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
      <TableCell key={c.key} sx={{ maxWidth: 170, ...ONE_LINE }}>
        {String(v)}
      </TableCell>
    )
  return (
    <TableCell
      key={c.key}
      align={c.numeric ? 'right' : 'left'}
      sx={c.key === 'change_pct' ? { color: changeColor(v as number) } : undefined}
    >
      {plainValue(c, v, price)}
    </TableCell>
  )
}
