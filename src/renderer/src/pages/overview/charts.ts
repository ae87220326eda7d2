import type { Theme } from '@mui/material/styles'
import type { PipelineRun } from '../../../../shared/study'
import type { ChartOption } from '../../components/EChart'

/** R² and AUCs over the study runs: did a model drift between runs? */
export function driftChart(runs: PipelineRun[], theme: Theme): ChartOption {
  const ok = [...runs].reverse().filter((r) => r.status === 'ok')
  const targets = [...new Set(ok.flatMap((r) => Object.keys(r.metrics.auc)))]
  const colors = [
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main
  ]
  return {
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: ok.map((r) => `run ${r.run_id}`) },
    yAxis: { type: 'value', min: 0.5, max: 1 },
    series: [
      {
        name: 'elasticity R²',
        type: 'line',
        data: ok.map((r) => r.metrics.test_r2),
        itemStyle: { color: theme.palette.primary.main }
      },
      ...targets.map((t, k) => ({
        name: `${t} AUC`,
        type: 'line',
        data: ok.map((r) => r.metrics.auc[t] ?? null),
        itemStyle: { color: colors[k % colors.length] }
      }))
    ]
  }
}
