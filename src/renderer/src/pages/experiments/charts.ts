import type { Theme } from '@mui/material/styles'
import type { ChartOption } from '../../components/EChart'
import type { BalanceRow } from '../../../../shared/experiments'
import { numberInterval } from '../../format'

interface RenderApi {
  value(dim: number): number
  coord(v: [number, number]): [number, number]
  size(v: [number, number]): [number, number]
}

/** Standardized mean differences per covariate, with the ±0.1 limits. */
export function balanceChart(rows: BalanceRow[], theme: Theme): ChartOption {
  const shown = rows.slice(0, 30)
  return {
    grid: { left: 180, right: 24, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'value',
      name: 'SMD',
      min: (v: { min: number }) => Math.min(-0.15, v.min),
      max: (v: { max: number }) => Math.max(0.15, v.max)
    },
    yAxis: { type: 'category', data: shown.map((r) => `${r.covariate} (${r.arm})`), inverse: true },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => ({
          value: r.smd,
          itemStyle: { color: r.flagged ? theme.palette.error.main : theme.palette.primary.main }
        })),
        markLine: {
          symbol: 'none',
          silent: true,
          label: { show: false },
          lineStyle: { type: 'dashed', color: theme.palette.text.secondary },
          data: [{ xAxis: -0.1 }, { xAxis: 0.1 }]
        }
      }
    ]
  }
}

/** Point estimates with their confidence intervals, one row per comparison. */
export function intervalChart(
  rows: { label: string; value: number; low: number; high: number }[],
  unit: string,
  theme: Theme
): ChartOption {
  const color = theme.palette.primary.main
  const lo = Math.min(0, ...rows.map((r) => r.low))
  const hi = Math.max(0, ...rows.map((r) => r.high))
  const pad = (hi - lo) * 0.08 || 1
  return {
    grid: { left: 200, right: 32, top: 16, bottom: 40 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex]
        const t = numberInterval(r.value, r.low, r.high, 3)
        return `${r.label}: ${t.point} [${t.low}, ${t.high}]`
      }
    },
    // The range always shows zero (no effect) and both ends of every interval.
    xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 26, min: lo - pad, max: hi + pad },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [
      {
        type: 'custom',
        data: rows.map((r, k) => [r.low, r.high, r.value, k]),
        encode: { x: [0, 1, 2], y: 3 },
        renderItem: (_params: unknown, api: RenderApi) => {
          const k = api.value(3)
          const lo = api.coord([api.value(0), k])
          const hi = api.coord([api.value(1), k])
          const mid = api.coord([api.value(2), k])
          const h = api.size([0, 1])[1] * 0.25
          const style = { stroke: color, lineWidth: 2 }
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
              { type: 'line', shape: { x1: lo[0], y1: lo[1] - h, x2: lo[0], y2: lo[1] + h }, style },
              { type: 'line', shape: { x1: hi[0], y1: hi[1] - h, x2: hi[0], y2: hi[1] + h }, style },
              { type: 'circle', shape: { cx: mid[0], cy: mid[1], r: 5 }, style: { fill: color } }
            ]
          }
        },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { show: false },
          lineStyle: { type: 'dashed', color: theme.palette.text.secondary },
          data: [{ xAxis: 0 }]
        }
      }
    ]
  }
}
