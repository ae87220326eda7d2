import { useState } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  MenuItem,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tabs,
  TextField
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelReport } from '../../../../shared/elasticity/model-results'
import { EChart } from '../../components/EChart'
import { fixed as num } from '../../format'
import { useDataset } from '../../data/DatasetContext'
import { curveAxes } from './dataset-words'
import { DemandCurveView } from './DemandCurveView'
import { importanceChart, predictedVsActual, residualChart, segmentChart } from './charts'

type View = 'segments' | 'fit' | 'curve' | 'importance'

const head = { fontWeight: 600 }
/** "−3.66 [−3.77, −3.54]" held on one line (no-break spaces): a narrow column must not split an interval. */
const ci = (x: number | null | undefined, lo: number | null | undefined, hi: number | null | undefined) =>
  `${num(x ?? null, 2)}\u00a0[${num(lo ?? null, 2)},\u00a0${num(hi ?? null, 2)}]`

/** Per segment: the recommended elasticity, the best model's and the debiased one, each with its 90% interval. */
function SegmentTable({ report }: { report: ElasticityReport }) {
  const truth = report.segments.some((s) => s.true !== null)
  return (
    <TableContainer sx={{ flex: 1 }}>
      <Table size="small" data-testid="segment-table">
        <TableHead>
          <TableRow>
            <TableCell sx={head}>{report.segment_column}</TableCell>
            <TableCell align="right" sx={head}>
              Recommended [90%]
            </TableCell>
            <TableCell align="right" sx={head}>
              Best model [90%]
            </TableCell>
            <TableCell align="right" sx={head}>
              Debiased [90%]
            </TableCell>
            {truth && (
              <TableCell align="right" sx={head}>
                True
              </TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {report.segments.map((s) => (
            <TableRow key={s.segment} title={s.warning ?? undefined}>
              <TableCell>
                {s.segment} {s.warning && <Chip size="small" color="warning" label="!" />}
              </TableCell>
              <TableCell align="right" sx={head} title={s.recommended_reason}>
                {ci(s.recommended, s.recommended_ci_low, s.recommended_ci_high)}
              </TableCell>
              <TableCell align="right">{ci(s.elasticity, s.ci_low, s.ci_high)}</TableCell>
              <TableCell align="right">{ci(s.debiased, s.debiased_ci_low, s.debiased_ci_high)}</TableCell>
              {s.true !== null && <TableCell align="right">{num(s.true, 2)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

/** The chart (and table) of the chosen tab for the chosen model. */
function ViewBody({
  view,
  report,
  model,
  segment
}: {
  view: View
  report: ElasticityReport
  model: ModelReport | null
  segment: string
}) {
  const theme = useTheme()
  const { sources } = useDataset()
  if (view === 'segments')
    return (
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 1 }}>
        <Box sx={{ flex: 1, minWidth: 0 }} data-testid="segment-chart">
          <EChart
            option={segmentChart(report, theme)}
            height={Math.max(280, 34 * report.segments.length + 80)}
            label="Elasticity by segment"
          />
        </Box>
        <SegmentTable report={report} />
      </Stack>
    )
  if (!model) return null
  if (view === 'fit')
    return (
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mt: 1 }}>
        <Box sx={{ flex: 1 }}>
          <EChart option={predictedVsActual(model, theme)} height={340} label="Predicted vs actual" />
        </Box>
        <Box sx={{ flex: 1 }}>
          <EChart option={residualChart(model, theme)} height={340} label="Residuals" />
        </Box>
      </Stack>
    )
  if (view === 'curve')
    return (
      <DemandCurveView
        report={report}
        model={model}
        segment={segment}
        axes={curveAxes(sources.find((x) => x.id === report.dataset) ?? null)}
      />
    )
  return <EChart option={importanceChart(model, theme)} height={320} label="Permutation importance" />
}

/** The tabs under the comparison: elasticity by segment, fit, the demand curve, feature importance. */
export function ElasticityViews({
  report,
  model,
  onExport
}: {
  report: ElasticityReport
  model: ModelReport | null
  onExport: () => void
}) {
  const [view, setView] = useState<View>('segments')
  const [picked, setPicked] = useState('')
  // The segment chosen for the curve, while the run has it; else the run's first.
  const segment = report.segments.some((s) => s.segment === picked)
    ? picked
    : (report.segments[0]?.segment ?? '')
  return (
    <Card>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Tabs value={view} onChange={(_, v: View) => setView(v)} sx={{ flex: 1 }}>
            <Tab value="segments" label="Elasticity by segment" />
            <Tab value="fit" label="Predicted vs actual" />
            <Tab value="curve" label="Demand & revenue" />
            <Tab value="importance" label="Feature importance" />
          </Tabs>
          {(view === 'fit' || view === 'importance') && model && <Chip label={model.label} />}
          {view === 'curve' && (
            <TextField
              select
              size="small"
              label={report.segment_column}
              value={segment}
              onChange={(e) => setPicked(e.target.value)}
              sx={{ minWidth: 200 }}
            >
              {report.segments.map((s) => (
                <MenuItem key={s.segment} value={s.segment}>
                  {s.segment}
                </MenuItem>
              ))}
            </TextField>
          )}
          {view === 'segments' && (
            <Button size="small" onClick={onExport}>
              Export CSV
            </Button>
          )}
        </Box>
        <ViewBody view={view} report={report} model={model} segment={segment} />
      </CardContent>
    </Card>
  )
}
