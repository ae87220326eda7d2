import { Box, Table, TableBody, TableCell, TableContainer, TableRow, Typography } from '@mui/material'
import type { PriceRow } from '../../../../shared/pricing'
import { HeaderRow } from '../../components/HeaderRow'
import { int, money } from '../../format'
import { hasOwnNames } from './name-column'

const change = (r: PriceRow) => r.revenue_after - r.revenue_before

interface Units {
  /** The price unit's decimals (null: not recorded). */
  decimals: number | null
  per: string
  /** False when the names are the item ids: no Name column. */
  named: boolean
}

function Side({
  title,
  rows,
  testId,
  units
}: {
  title: string
  rows: PriceRow[]
  testId: string
  units: Units
}) {
  return (
    <TableContainer sx={{ flex: '1 1 420px' }}>
      <Typography variant="subtitle2">{title}</Typography>
      <Table size="small" data-testid={testId}>
        <HeaderRow
          labels={['Item', ...(units.named ? ['Name'] : []), 'Price', `Revenue Δ / ${units.per}`]}
          left={['Item', 'Name']}
        />
        <TableBody>
          {!rows.length && (
            <TableRow>
              <TableCell colSpan={units.named ? 4 : 3} sx={{ color: 'text.secondary' }}>
                None
              </TableCell>
            </TableRow>
          )}
          {rows.map((r) => (
            <TableRow key={r.item_id}>
              <TableCell>{r.item_id}</TableCell>
              {units.named && (
                <TableCell
                  sx={{ maxWidth: 200, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                >
                  {r.name}
                </TableCell>
              )}
              <TableCell align="right">
                {money(r.current_price, units.decimals)} → {money(r.recommended_price, units.decimals)}
              </TableCell>
              <TableCell align="right">{int(change(r))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

/** The items whose revenue the recommendation raises and lowers most. */
export function WinnersLosers({
  rows,
  decimals = null,
  per = 'wk'
}: {
  rows: PriceRow[]
  decimals?: number | null
  /** The period of the revenue change ("wk" for the weekly sample, "period" otherwise). */
  per?: string
}) {
  const units = { decimals, per, named: hasOwnNames(rows) }
  const sorted = [...rows].sort((a, b) => change(b) - change(a))
  return (
    <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap' }}>
      <Side
        title="Winners"
        rows={sorted.filter((r) => change(r) > 0).slice(0, 5)}
        testId="winners"
        units={units}
      />
      <Side
        title="Losers (revenue given up, e.g. for volume or a guardrail)"
        rows={sorted
          .filter((r) => change(r) < 0)
          .slice(-5)
          .reverse()}
        testId="losers"
        units={units}
      />
    </Box>
  )
}
