import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import type { ElasticityReport, RunSummary } from '../../../../shared/elasticity/results'
import type { ModelKind } from '../../../../shared/elasticity'
import { MODEL_LABELS, modelLabel } from '../../../../shared/elasticity'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed as num, grouped, int, pct, seconds } from '../../format'

/** How the run was validated and what "best" means, in one paragraph above the table. */
function RunDescription({ report }: { report: ElasticityReport }) {
  const test = Math.round(report.plan.testShare * 100)
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
      {int(report.rows)} rows, {int(report.items)} items;{' '}
      {report.validation === 'time'
        ? `tested on the last ${test}% of periods of every item, ${report.plan.folds}-fold cross-validation in blocks of time; every model knows each item's baseline`
        : report.validation === 'rows'
          ? `tested on ${test}% of every item's rows held out (the data has no period column), ${report.plan.folds}-fold cross-validation over rows within items; every model knows each item's baseline`
          : `tested on held-out items (new items, test ${test}%), ${report.plan.folds}-fold cross-validation by item`}
      ; best = lowest CV RMSE among models with test R² above 0. R² on log(quantity + 1), RMSE and MAPE on
      quantity. Elasticity: mean arc elasticity at ±5% price. Debiased: double machine learning{' '}
      {report.plan.withinItems ? 'on price changes within items' : 'with the measured controls'}. Trained in{' '}
      {seconds(report.wall_ms)}, seed {report.plan.seed}.
    </Typography>
  )
}

/** The six models side by side on the same folds; a row click chooses the model the charts below show. */
function ModelTable({
  report,
  chosen,
  onChoose
}: {
  report: ElasticityReport
  chosen: ModelKind | null
  onChoose: (m: ModelKind) => void
}) {
  const theme = useTheme()
  return (
    <TableContainer>
      <Table size="small" data-testid="comparison-table">
        <HeaderRow
          labels={[
            'Model',
            'Test R²',
            'RMSE',
            'MAPE',
            'CV RMSE',
            'CV R²',
            'Elasticity',
            'At current prices (p10 … p90)',
            'Train time'
          ]}
          left={['Model']}
        />
        <TableBody>
          {report.models.map((m) => (
            <TableRow
              key={m.name}
              hover
              selected={m.name === chosen}
              onClick={() => onChoose(m.name)}
              sx={{
                cursor: 'pointer',
                bgcolor: m.name === report.best_model ? alpha(theme.palette.success.main, 0.08) : undefined
              }}
            >
              <TableCell>
                {m.label}{' '}
                {m.name === report.best_model && (
                  <Chip size="small" color="success" label="best" sx={{ ml: 1 }} />
                )}
              </TableCell>
              <TableCell align="right">{num(m.test_r2)}</TableCell>
              <TableCell align="right">{grouped(m.rmse, 2)}</TableCell>
              <TableCell align="right">{pct(m.mape)}</TableCell>
              <TableCell align="right">{grouped(m.cv_rmse, 3)}</TableCell>
              <TableCell align="right">{num(m.cv_r2)}</TableCell>
              <TableCell align="right">{num(m.elasticity, 2)}</TableCell>
              <TableCell align="right">
                {num(m.point_elasticity?.p10, 2)} … {num(m.point_elasticity?.p90, 2)}
              </TableCell>
              <TableCell align="right">{seconds(m.train_ms)}</TableCell>
            </TableRow>
          ))}
          {report.failed.map((f) => (
            <TableRow key={f.name}>
              <TableCell>{f.name === 'dml' ? 'DML' : MODEL_LABELS[f.name]}</TableCell>
              <TableCell colSpan={8} sx={{ color: 'error.main' }}>
                failed: {f.error}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

/** The comparison card: which run (of this dataset), its export, how it was validated, the table. */
export function ModelComparison({
  report,
  runs,
  chosen,
  onChoose,
  onRun,
  onExport
}: {
  report: ElasticityReport
  runs: RunSummary[]
  chosen: ModelKind | null
  onChoose: (m: ModelKind) => void
  onRun: (runId: number) => void
  onExport: () => void
}) {
  return (
    <Card>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
          <Typography variant="h6" sx={{ flex: 1 }}>
            Model comparison
          </Typography>
          <TextField
            select
            size="small"
            label="Run"
            value={report.run_id ?? ''}
            onChange={(e) => onRun(Number(e.target.value))}
            sx={{ minWidth: 240 }}
          >
            {runs.map((r) => (
              <MenuItem key={r.run_id} value={r.run_id}>
                Run {r.run_id} · {new Date(r.created_at).toLocaleString('en-US')} · best{' '}
                {r.best_model ? modelLabel(r.best_model) : 'none'}
              </MenuItem>
            ))}
          </TextField>
          <Button size="small" onClick={onExport}>
            Export CSV
          </Button>
        </Box>
        <RunDescription report={report} />
        <ModelTable report={report} chosen={chosen} onChoose={onChoose} />
      </CardContent>
    </Card>
  )
}
