import { lazy, Suspense } from 'react'
import type { EChartsCoreOption } from 'echarts/core'

export type ChartOption = EChartsCoreOption

// ECharts (~0.7 MB minified) is fetched with the first chart shown, not with the first screen.
const EChartCanvas = lazy(() => import('./EChartCanvas'))

/** A chart: a box of the chart's height while ECharts loads, then the chart. */
export function EChart(props: { option: ChartOption; height?: number; label?: string }) {
  return (
    <Suspense
      fallback={
        <div
          aria-busy="true"
          aria-label={props.label}
          style={{ width: '100%', height: props.height ?? 160 }}
        />
      }
    >
      <EChartCanvas {...props} />
    </Suspense>
  )
}
