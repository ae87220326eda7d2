// What to know before reading a price sheet: refused, stuck at a guardrail (with its curve), or uncertain.
import { Alert, Box } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { PricingRun } from '../../../../shared/pricing'
import { EChart } from '../../components/EChart'
import { cornerChart } from './charts'
import { sheetWords } from './sheet-words'

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
      {run.uncertain && (
        <Alert severity="warning" data-testid="pricing-uncertain">
          <b>Uncertain</b>: the uplift interval includes a loss against today&apos;s prices. Read the interval
          before acting on these prices.
        </Alert>
      )}
    </>
  )
}
