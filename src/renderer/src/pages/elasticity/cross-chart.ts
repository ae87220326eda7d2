import type { Theme } from '@mui/material/styles'
import type { CrossCell } from '../../../../shared/elasticity/cross'
import type { ChartOption } from '../../components/EChart'
import { cellValue, crossScale, crossSegments, crossTooltip } from './cross-words'

/**
 * The cross-price matrix as a heatmap: rows = the segment whose quantity moves (`on`), columns = the
 * segment whose price moves (`of`); diverging colours centred on 0 (blue: complements, red: substitutes),
 * the value written in each cell. The diagonal (own effects) is left empty: it is not a cross term.
 */
export function crossHeatmap(cells: CrossCell[], segment: string, theme: Theme): ChartOption {
  const on = crossSegments(cells)
  const of = on
  const scale = crossScale(cells)
  const text = theme.palette.text.secondary
  const byPos = new Map(cells.map((c) => [`${of.indexOf(c.of)}|${on.indexOf(c.on)}`, c]))
  return {
    tooltip: {
      formatter: (p: { data?: [number, number, number] }) => {
        const c = p.data ? byPos.get(`${p.data[0]}|${p.data[1]}`) : undefined
        return c ? crossTooltip(segment, c) : ''
      }
    },
    grid: { left: 8, right: 110, top: 8, bottom: 30, containLabel: true },
    xAxis: {
      type: 'category',
      data: of,
      name: `price of ${segment}`,
      nameLocation: 'middle',
      nameGap: 70,
      axisLabel: { color: text, interval: 0, rotate: 30 },
      splitArea: { show: true }
    },
    yAxis: {
      type: 'category',
      data: on,
      inverse: true,
      name: `quantity of ${segment}`,
      nameLocation: 'middle',
      nameGap: 0,
      nameTextStyle: { color: 'transparent' },
      axisLabel: { color: text },
      splitArea: { show: true }
    },
    visualMap: {
      type: 'continuous',
      min: -scale,
      max: scale,
      calculable: false,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemHeight: 160,
      text: ['substitutes', 'complements'],
      textStyle: { color: text },
      inRange: { color: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'] }
    },
    series: [
      {
        type: 'heatmap',
        data: cells.map((c) => [of.indexOf(c.of), on.indexOf(c.on), c.elasticity]),
        label: {
          show: true,
          color: '#222',
          formatter: (p: { data: [number, number, number] }) => cellValue(p.data[2])
        },
        itemStyle: { borderColor: theme.palette.background.paper, borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: theme.palette.text.primary } }
      }
    ]
  }
}
