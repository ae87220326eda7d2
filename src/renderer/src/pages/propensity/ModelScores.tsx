import { Chip, Table, TableBody, TableCell, TableContainer, TableRow } from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import type { TargetReport } from '../../../../shared/propensity/results'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed as num, seconds } from '../../format'
import { calibrationChart, ChartGrid, gainChart, rocChart, segmentChart, type ChartReport } from './charts'

/** The classifiers' names as the tables show them ('rules' is the sample's rule-based score). */
export const MODEL_NAMES: Record<string, string> = {
  rules: 'Rule-based score (sample weights)',
  logistic: 'Logistic regression',
  rf: 'Random forest',
  gbm: 'Gradient boosting'
}

type Metrics = TargetReport['models'][number]

/** The precision columns only the learner scores have (a CRM's "Precision@70%" and top 30%). */
const PRECISION = ['Precision ≥ 0.7', 'Precision top 30%']

/**
 * The models of one score side by side, the best highlighted. `precision` adds the precision
 * columns; a rule-based row has no training time.
 */
export function ModelScoreTable({
  models,
  best,
  precision,
  testId
}: {
  models: Metrics[]
  best: string | null
  precision: boolean
  testId: string
}) {
  const theme = useTheme()
  const labels = ['Model', 'AUC', 'CV AUC', 'PR-AUC', 'F1', 'at threshold', ...(precision ? PRECISION : [])]
  return (
    <TableContainer>
      <Table size="small" data-testid={testId}>
        <HeaderRow labels={[...labels, 'Brier', 'Train time']} left={['Model']} />
        <TableBody>
          {models.map((m) => (
            <TableRow
              key={m.name}
              sx={{ bgcolor: m.name === best ? alpha(theme.palette.success.main, 0.08) : undefined }}
            >
              <TableCell>
                {MODEL_NAMES[m.name] ?? m.name}
                {m.name === best && <Chip size="small" color="success" label="best" sx={{ ml: 1 }} />}
              </TableCell>
              <TableCell align="right">{num(m.auc)}</TableCell>
              <TableCell align="right">{num(m.cv_auc)}</TableCell>
              <TableCell align="right">{num(m.pr_auc)}</TableCell>
              <TableCell align="right">{num(m.f1)}</TableCell>
              <TableCell align="right">{num(m.threshold, 2)}</TableCell>
              {precision && <TableCell align="right">{num(m.precision_at_70)}</TableCell>}
              {precision && <TableCell align="right">{num(m.precision_top_30)}</TableCell>}
              <TableCell align="right">{num(m.brier)}</TableCell>
              <TableCell align="right">{m.name === 'rules' ? '—' : seconds(m.train_ms)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

/** The bands as the segment chart's title says them: "Hot ≥ 0.7, …, Dormant". */
export const bandTitle = (bands: { name: string; min: number }[]) =>
  bands.map((b) => (b.min > 0 ? `${b.name} ≥ ${b.min}` : b.name)).join(', ')

/** ROC, calibration, lift and the segments of one score; `who` names the scored rows (learners, customers). */
export function ScoreCharts({
  t,
  bands,
  who,
  calibrated,
  segmentsTitle
}: {
  t: ChartReport
  bands: { name: string; min: number }[]
  who: string
  calibrated?: boolean
  segmentsTitle: string
}) {
  const theme = useTheme()
  return (
    <ChartGrid
      charts={[
        [`ROC curve (test ${who})`, rocChart(t, theme)],
        [calibrated ? 'Calibration (after calibrating)' : 'Calibration', calibrationChart(t, theme)],
        ['Lift and gain by decile', gainChart(t, theme)],
        [`${segmentsTitle} (${bandTitle(bands)})`, segmentChart(t, theme, who)]
      ]}
    />
  )
}
