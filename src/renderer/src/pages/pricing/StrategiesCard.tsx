// Simple strategies and the optimizer on the same catalog, as a table and a chart, and the change by segment.
import {
  Box,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { PricingRun } from '../../../../shared/pricing'
import { EChart } from '../../components/EChart'
import { HeaderRow } from '../../components/HeaderRow'
import { int, signedPct as signed } from '../../format'
import { categoryWaterfall, strategyChart } from './charts'
import { sheetWords } from './sheet-words'

export function StrategiesCard({ run, segment }: { run: PricingRun; segment: string }) {
  const theme = useTheme()
  const { sample, per, unitLabel, objectiveName } = sheetWords(run)
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          Strategies and optimizer on the same catalog
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
          {/* Never narrower than its columns: the chart wraps below instead of "Clamped" being cut off. */}
          <TableContainer sx={{ flex: '2 1 680px', minWidth: 'max-content' }}>
            <Table size="small" data-testid="strategy-table">
              <HeaderRow
                labels={[
                  'Strategy',
                  `Revenue/${sample ? 'wk' : 'period'}`,
                  `${objectiveName} change %`,
                  `Margin/${sample ? 'wk' : 'period'}`,
                  sample ? 'Enrollments/wk' : 'Quantity/period',
                  'Items changed',
                  'Clamped'
                ]}
                left={['Strategy']}
              />
              <TableBody>
                {run.comparison.map((c) => (
                  <TableRow key={c.strategy} selected={c.strategy === 'optimizer'}>
                    <TableCell>{c.strategy}</TableCell>
                    <TableCell align="right">{int(c.revenue)}</TableCell>
                    <TableCell align="right">
                      {signed(c.objective_change_pct ?? c.revenue_change_pct, 2)}
                    </TableCell>
                    <TableCell align="right">{int(c.margin)}</TableCell>
                    <TableCell align="right">{int(c.enrollments)}</TableCell>
                    <TableCell align="right">{int(c.items_changed)}</TableCell>
                    <TableCell align="right">{int(c.items_clamped)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <Box data-testid="chart-strategies" sx={{ flex: '1 1 360px', minWidth: 0 }}>
            <EChart
              option={strategyChart(run.comparison, theme, run.settings.objective)}
              height={240}
              label={`${objectiveName} change by strategy`}
            />
          </Box>
        </Box>
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          Revenue change by {segment} (optimizer)
        </Typography>
        <Box data-testid="chart-categories">
          <EChart
            option={categoryWaterfall(run.categories, theme, `${unitLabel} / ${per}`)}
            height={260}
            label={`Revenue change by ${segment}`}
          />
        </Box>
      </CardContent>
    </Card>
  )
}
