import type { Theme } from '@mui/material/styles'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelReport } from '../../../../shared/elasticity/model-results'
import type { ChartOption } from '../../components/EChart'

type Api = { value(i: number): number; coord(v: [number, number]): [number, number] }
type SegmentRow = ElasticityReport['segments'][number]

/** A horizontal interval with a point, drawn by an ECharts custom series. */
function intervalSeries(
  name: string,
  color: string,
  offset: number,
  rows: SegmentRow[],
  pick: (s: SegmentRow) => [number | null, number | null, number | null]
) {
  return {
    name,
    type: 'custom',
    itemStyle: { color },
    renderItem: (_params: unknown, api: Api) => {
      const y = api.value(0)
      const a = api.coord([api.value(1), y])
      const b = api.coord([api.value(2), y])
      const c = api.coord([api.value(3), y])
      const line = (x1: number, y1: number, x2: number, y2: number) => ({
        type: 'line',
        shape: { x1, y1, x2, y2 },
        style: { stroke: color, lineWidth: 2 }
      })
      return {
        type: 'group',
        children: [
          line(a[0], a[1] + offset, b[0], b[1] + offset),
          line(a[0], a[1] + offset - 4, a[0], a[1] + offset + 4),
          line(b[0], b[1] + offset - 4, b[0], b[1] + offset + 4),
          { type: 'circle', shape: { cx: c[0], cy: c[1] + offset, r: 4 }, style: { fill: color } }
        ]
      }
    },
    encode: { x: [1, 2, 3], y: 0 },
    data: rows
      .map((s, k) => {
        const [lo, hi, v] = pick(s)
        return lo === null || hi === null || v === null ? null : [k, lo, hi, v]
      })
      .filter((x) => x !== null)
  }
}

/** Per segment: the recommended, naive and debiased estimates with 90% intervals, and the truth where known. */
export function segmentChart(r: ElasticityReport, theme: Theme): ChartOption {
  const series: object[] = [
    intervalSeries('Recommended', theme.palette.success.main, -9, r.segments, (s) => [
      s.recommended_ci_low ?? null,
      s.recommended_ci_high ?? null,
      s.recommended ?? null
    ]),
    intervalSeries('Best model (naive)', theme.palette.primary.main, 0, r.segments, (s) => [
      s.ci_low,
      s.ci_high,
      s.elasticity
    ]),
    intervalSeries('Debiased (DML)', theme.palette.secondary.main, 9, r.segments, (s) => [
      s.debiased_ci_low,
      s.debiased_ci_high,
      s.debiased
    ])
  ]
  if (r.segments.some((s) => s.true !== null))
    series.push({
      name: 'True',
      type: 'scatter',
      symbol: 'diamond',
      symbolSize: 12,
      itemStyle: { color: theme.palette.error.main },
      data: r.segments.map((s, k) => (s.true === null ? null : [s.true, k]))
    })
  return {
    grid: { left: 150, right: 24, top: 36, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'value',
      name: 'price elasticity (90% intervals)',
      nameLocation: 'middle',
      nameGap: 26,
      scale: true,
      splitLine: { lineStyle: { opacity: 0.3 } }
    },
    yAxis: { type: 'category', data: r.segments.map((s) => s.segment), inverse: true },
    series
  }
}

export function predictedVsActual(m: ModelReport, theme: Theme): ChartOption {
  const max = Math.ceil(Math.max(1, ...m.sample.map((p) => Math.max(p.actual, p.predicted))))
  return {
    grid: { left: 52, right: 16, top: 16, bottom: 40 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: 'actual', nameLocation: 'middle', nameGap: 26, max },
    yAxis: { type: 'value', name: 'predicted', max },
    series: [
      {
        type: 'scatter',
        symbolSize: 4,
        itemStyle: { color: theme.palette.primary.main, opacity: 0.55 },
        data: m.sample.map((p) => [p.actual, p.predicted])
      },
      {
        type: 'line',
        data: [
          [0, 0],
          [max, max]
        ],
        symbol: 'none',
        lineStyle: { type: 'dashed', color: theme.palette.text.secondary }
      }
    ]
  }
}

export function residualChart(m: ModelReport, theme: Theme): ChartOption {
  return {
    grid: { left: 52, right: 16, top: 16, bottom: 40 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: 'predicted', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'residual' },
    series: [
      {
        type: 'scatter',
        symbolSize: 4,
        itemStyle: { color: theme.palette.secondary.main, opacity: 0.55 },
        data: m.sample.map((p) => [p.predicted, p.actual - p.predicted])
      }
    ]
  }
}

export function importanceChart(m: ModelReport, theme: Theme): ChartOption {
  const items = [...m.importance].reverse()
  return {
    grid: { left: 150, right: 24, top: 8, bottom: 40 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'value',
      name: 'RMSE increase when shuffled (log scale)',
      nameLocation: 'middle',
      nameGap: 26
    },
    yAxis: { type: 'category', data: items.map((i) => i.input) },
    series: [
      {
        type: 'bar',
        data: items.map((i) => Math.max(0, i.rmse_increase)),
        itemStyle: { color: theme.palette.primary.main }
      }
    ]
  }
}
