// What to know before reading a price sheet: refused, stuck at a guardrail (with its curve), or uncertain.
import { Alert, Box } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { PricingRun } from '../../../../shared/pricing'
import { EChart } from '../../components/EChart'
import { cornerChart } from './charts'
import { sheetWords } from './sheet-words'
import { count } from '../../format'

const SOURCES: Record<string, string> = {
  cost_table: 'the cost table',
  cost_column: 'the cost column',
  segment_share: 'their segment’s cost share',
  cost_share: 'the cost share'
}

/** Where the costs came from, in one sentence ("Costs: 12 items from the cost table costs.csv."). */
function costWords(c: NonNullable<PricingRun['costs']>): string {
  const parts = Object.entries(c.sources).map(
    ([k, n]) =>
      `${count(n)} item${n === 1 ? '' : 's'} from ${SOURCES[k] ?? k}${k === 'cost_table' && c.table ? ` ${c.table.file}` : ''}`
  )
  if (c.without_cost) parts.push(`${count(c.without_cost)} without a cost`)
  if (!parts.length) return ''
  const unknown = c.table?.unknown_count
    ? ` (${c.table.unknown_count} of the table’s items are not in the data)`
    : ''
  return `Costs: ${parts.join(', ')}${unknown}.`
}

export function SheetAlerts({ run }: { run: PricingRun }) {
  const theme = useTheme()
  const { objectiveName } = sheetWords(run)
  return (
    <>
      {run.refused && (
        <Alert severity="error" data-testid="pricing-refused">
          <b>Price sheet refused</b>: {run.refused}
        </Alert>
      )}
      {run.corner && (
        <Alert severity="warning" data-testid="pricing-corner">
          {run.corner.reason}
          {run.corner_curve && (
            <Box data-testid="chart-corner" sx={{ width: 420, maxWidth: '100%', mt: 1 }}>
              <EChart
                option={cornerChart(run.corner_curve, theme, run.settings.objective, run.corner.guardrail)}
                height={160}
                label={`${objectiveName} change against the ${run.corner.guardrail.replace(/_/g, ' ')}`}
              />
            </Box>
          )}
        </Alert>
      )}
      {(run.price_grid || run.costs) && (
        <Alert severity="info" data-testid="pricing-grid">
          {run.price_grid?.sentence} {run.costs ? costWords(run.costs) : ''}
        </Alert>
      )}
      {run.uncertain && (
        <Alert severity="warning" data-testid="pricing-uncertain">
          <b>Uncertain</b>: the uplift interval includes a loss against today&apos;s prices. Read the interval
          before acting on these prices.
        </Alert>
      )}
    </>
  )
}
