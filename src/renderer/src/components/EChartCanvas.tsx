import { useEffect, useRef } from 'react'
import { useTheme } from '@mui/material/styles'
import * as echarts from 'echarts/core'
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import {
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  VisualMapComponent
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  VisualMapComponent,
  CanvasRenderer
])

/**
 * An ECharts instance bound to a div: created once, options replaced, resized with its box, disposed on unmount.
 * Loaded lazily through EChart.tsx: ECharts is the largest library of the renderer.
 */
export default function EChartCanvas({
  option,
  height = 160,
  label
}: {
  option: echarts.EChartsCoreOption
  height?: number
  label?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const dark = useTheme().palette.mode === 'dark'
  useEffect(() => {
    if (!ref.current) return
    const el = ref.current
    const c = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' })
    chart.current = c
    // "finished" fires once the chart is drawn and its animation is over: screenshots and tests wait on it.
    c.on('finished', () => el.setAttribute('data-rendered', 'true'))
    const ro = new ResizeObserver(() => c.resize())
    ro.observe(ref.current)
    return () => {
      ro.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [dark])
  useEffect(() => {
    ref.current?.setAttribute('data-rendered', 'false')
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, true)
  }, [option, dark])
  return (
    <div ref={ref} role="img" aria-label={label} data-testid="echart" style={{ width: '100%', height }} />
  )
}
