import { modelLabel } from '../../../../shared/elasticity'
import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { PipelineRun } from '../../../../shared/study'
import { EChart } from '../../components/EChart'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed as n, signedPct } from '../../format'
import { driftChart } from './charts'

/** A run's status chip: cancelled is grey (the analyst's choice), not a red failure. */
const STATUS_COLOR: Record<string, 'success' | 'info' | 'default' | 'error'> = {
  ok: 'success',
  running: 'info',
  cancelled: 'default'
}

function RunRow({ r, onReport }: { r: PipelineRun; onReport: (id: number) => void }) {
  return (
    <TableRow>
      <TableCell>{r.run_id}</TableCell>
      <TableCell>{r.name}</TableCell>
      <TableCell>{r.started_at.slice(0, 19).replace('T', ' ')}</TableCell>
      <TableCell>
        <Chip
          size="small"
          color={STATUS_COLOR[r.status] ?? 'error'}
          label={r.status}
          title={r.error ?? undefined}
        />
      </TableCell>
      <TableCell>{r.metrics.best_model ? modelLabel(r.metrics.best_model) : '—'}</TableCell>
      <TableCell align="right">{n(r.metrics.test_r2)}</TableCell>
      <TableCell>
        {Object.entries(r.metrics.auc)
          .map(([t, a]) => `${t} ${n(a, 2)}`)
          .join(', ') || '—'}
      </TableCell>
      <TableCell align="right">{signedPct(r.metrics.uplift_pct, 2)}</TableCell>
      <TableCell>
        <Button size="small" disabled={r.status !== 'ok'} onClick={() => onReport(r.run_id)}>
          Report
        </Button>
      </TableCell>
    </TableRow>
  )
}

/** Every study run of the dataset, newest first, and the models' fit across them. */
export function StudyRuns({ runs, onReport }: { runs: PipelineRun[]; onReport: (id: number) => void }) {
  const theme = useTheme()
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          Study runs
        </Typography>
        {!runs.length ? (
          <Typography variant="body2" color="text.secondary">
            No run yet.
          </Typography>
        ) : (
          <>
            <TableContainer>
              <Table size="small" data-testid="runs-table">
                <HeaderRow
                  labels={['Run', 'Study', 'Started', 'Status', 'Best model', 'R²', 'AUC', 'Uplift', '']}
                  left={['Run', 'Study', 'Started', 'Status', 'Best model', 'AUC', '']}
                />
                <TableBody>
                  {runs.map((r) => (
                    <RunRow key={r.run_id} r={r} onReport={onReport} />
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            {runs.filter((r) => r.status === 'ok').length > 1 && (
              <Box data-testid="drift-chart" sx={{ mt: 2 }}>
                <Typography variant="subtitle2">Model monitoring: R² and AUC across runs</Typography>
                <EChart option={driftChart(runs, theme)} height={240} label="R² and AUC across study runs" />
              </Box>
            )}
          </>
        )}
      </CardContent>
    </Card>
  )
}
