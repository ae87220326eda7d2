import { Box, Typography } from '@mui/material'
import type { Theme } from '@mui/material/styles'
import type { TargetReport } from '../../../../shared/propensity/results'
import { EChart, type ChartOption } from '../../components/EChart'

/** A curve against the diagonal on the unit square: ROC (vs chance) and calibration (vs perfect). */
function unitCurve(
  points: [number, number][],
  xName: string,
  yName: string,
  color: string,
  theme: Theme,
  area = false
): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 30, bottom: 40 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 26, max: 1 },
    yAxis: { type: 'value', name: yName, max: 1 },
    series: [
      { type: 'line', data: points, itemStyle: { color }, areaStyle: area ? { opacity: 0.08 } : undefined },
      {
        type: 'line',
        data: [
          [0, 0],
          [1, 1]
        ],
        symbol: 'none',
        lineStyle: { type: 'dashed', color: theme.palette.text.secondary }
      }
    ]
  }
}

/** What the charts read: learner targets and customer-table labels alike. */
export type ChartReport = Pick<TargetReport, 'roc' | 'calibration' | 'lift' | 'segments'>

export const rocChart = (t: ChartReport, theme: Theme) =>
  unitCurve(
    t.roc.map((p) => [p.fpr, p.tpr]),
    'false positive rate',
    'true positive rate',
    theme.palette.primary.main,
    theme,
    true
  )
export const calibrationChart = (t: ChartReport, theme: Theme) =>
  unitCurve(
    t.calibration.map((b) => [b.mean_score, b.observed]),
    'predicted',
    'observed',
    theme.palette.secondary.main,
    theme
  )

export function gainChart(t: ChartReport, theme: Theme): ChartOption {
  return {
    grid: { left: 48, right: 48, top: 28, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      name: 'decile',
      nameLocation: 'middle',
      nameGap: 26,
      data: t.lift.map((d) => d.decile)
    },
    yAxis: [
      { type: 'value', name: 'lift' },
      { type: 'value', name: 'gain', max: 1, splitLine: { show: false } }
    ],
    series: [
      {
        name: 'Lift',
        type: 'bar',
        data: t.lift.map((d) => d.lift),
        itemStyle: { color: theme.palette.primary.main }
      },
      {
        name: 'Cumulative gain',
        type: 'line',
        yAxisIndex: 1,
        data: t.lift.map((d) => d.cumulative_gain),
        itemStyle: { color: theme.palette.secondary.main }
      }
    ]
  }
}

export function segmentChart(t: ChartReport, theme: Theme, unit = 'learners'): ChartOption {
  return {
    grid: { left: 56, right: 16, top: 30, bottom: 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: t.segments.map((s) => s.segment) },
    yAxis: { type: 'value', name: unit },
    series: [
      {
        type: 'bar',
        data: t.segments.map((s) => s.learners),
        itemStyle: { color: theme.palette.primary.main }
      }
    ]
  }
}

/** The four charts of a propensity report side by side; each box is `chart-<first word of its title>` for the tests. */
export function ChartGrid({ charts }: { charts: [string, ChartOption][] }) {
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
        gap: 2,
        mt: 2
      }}
    >
      {charts.map(([title, option]) => (
        <Box key={title} data-testid={`chart-${title.split(' ')[0].toLowerCase()}`}>
          <Typography variant="subtitle2">{title}</Typography>
          <EChart option={option} height={240} label={title} />
        </Box>
      ))}
    </Box>
  )
}

/** Expected net value of offering to every score above a threshold, by threshold. */
export function profitChart(curve: { threshold: number; profit: number }[], theme: Theme): ChartOption {
  return {
    grid: { left: 64, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'threshold', nameLocation: 'middle', nameGap: 26, max: 1 },
    yAxis: { type: 'value', name: 'net value' },
    series: [
      {
        type: 'line',
        symbol: 'none',
        data: curve.map((p) => [p.threshold, p.profit]),
        itemStyle: { color: theme.palette.primary.main }
      }
    ]
  }
}
