// Scenarios compared: totals with their ranges, the change by segment, and each scenario on the revenue curve.
import { Box, Table, TableBody, TableCell, TableContainer, TableRow, Typography } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ScenarioResult } from '../../../../shared/pricing'
import { EChart } from '../../components/EChart'
import { HeaderRow } from '../../components/HeaderRow'
import { int, signedPct } from '../../format'
import { scenarioChart, scenarioCurveChart } from './charts'

const range = (i: { low: number; high: number } | null) => (i ? `${int(i.low)} – ${int(i.high)}` : '—')

export function ScenarioComparison({
  results,
  sample,
  segment
}: {
  results: ScenarioResult[]
  sample: boolean
  segment: string
}) {
  const theme = useTheme()
  return (
    <>
      <TableContainer>
        <Table size="small" data-testid="scenario-table">
          <HeaderRow
            labels={[
              'Scenario',
              'Model',
              sample ? 'Revenue/wk' : 'Revenue/period',
              '90% range',
              'Change %',
              sample ? 'Enrollments/wk' : 'Quantity/period',
              '90% range ',
              'Notes'
            ]}
            left={['Scenario', 'Model', 'Notes']}
          />
          <TableBody>
            {results.map((r) => (
              <TableRow key={r.name}>
                <TableCell>{r.name}</TableCell>
                <TableCell>{r.model}</TableCell>
                <TableCell align="right">{int(r.totals.revenue)}</TableCell>
                <TableCell align="right">{range(r.totals.revenue_interval)}</TableCell>
                <TableCell align="right">{signedPct(r.totals.revenue_change_pct, 2)}</TableCell>
                <TableCell align="right">{int(r.totals.enrollments)}</TableCell>
                <TableCell align="right">{range(r.totals.enrollments_interval)}</TableCell>
                <TableCell>{r.notes.join('; ') || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <Box data-testid="chart-scenarios" sx={{ flex: '1 1 480px' }}>
          <Typography variant="subtitle2">Revenue change by {segment}</Typography>
          <EChart
            option={scenarioChart(results, theme)}
            height={280}
            label={`Revenue change by ${segment} per scenario`}
          />
        </Box>
        <Box data-testid="chart-scenario-curve" sx={{ flex: '1 1 420px' }}>
          <Typography variant="subtitle2">
            Revenue per {sample ? 'week' : 'period'} if every price moved alike (dashed), and each scenario
            (dot)
          </Typography>
          <EChart
            option={scenarioCurveChart(results, theme)}
            height={280}
            label="Revenue curve and scenarios"
          />
        </Box>
      </Box>
    </>
  )
}
