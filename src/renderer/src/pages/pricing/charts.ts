import type { Theme } from '@mui/material/styles'
import type { ChartOption } from '../../components/EChart'
import type { CategoryImpact, StrategyOutcome } from '../../../../shared/pricing'
import type { ScenarioResult } from '../../../../shared/pricing'
import { pct } from '../../format'

const palette = (t: Theme) => [
  t.palette.primary.main,
  t.palette.secondary.main,
  t.palette.success.main,
  t.palette.warning.main
]

/**
 * Change of every strategy and the optimizer against today's prices, in the objective's
 * terms (margin when the sheet maximizes margin; runs saved before that plot revenue).
 */
export function strategyChart(
  rows: StrategyOutcome[],
  theme: Theme,
  objective: 'revenue' | 'margin' = 'revenue'
): ChartOption {
  const shown = rows.filter((r) => r.strategy !== 'current')
  return {
    grid: { left: 56, right: 16, top: 24, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => pct(Number(v) / 100)
    },
    xAxis: { type: 'category', data: shown.map((r) => r.strategy), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', name: `${objective} change %` },
    series: [
      {
        type: 'bar',
        data: shown.map((r) => ({
          value: r.objective_change_pct ?? r.revenue_change_pct,
          itemStyle: {
            color: r.strategy === 'optimizer' ? theme.palette.success.main : theme.palette.primary.main
          }
        }))
      }
    ]
  }
}

/** The objective's change against the width of the guardrail that decides a corner sheet. */
export function cornerChart(
  points: { width: number; change_pct: number }[],
  theme: Theme,
  objective: string,
  guardrail: string
): ChartOption {
  return {
    grid: { left: 56, right: 16, top: 28, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => pct(Number(v) / 100) },
    xAxis: {
      type: 'category',
      name: guardrail.replace(/_/g, ' '),
      nameLocation: 'middle',
      nameGap: 26,
      data: points.map((p) => `${Math.round(p.width * 100)}%`)
    },
    yAxis: { type: 'value', name: `${objective} change %` },
    series: [
      {
        type: 'line',
        data: points.map((p) => p.change_pct),
        itemStyle: { color: theme.palette.warning.main },
        lineStyle: { color: theme.palette.warning.main }
      }
    ]
  }
}

/** Revenue change by category, as a waterfall from today's total to the optimized one. */
export function categoryWaterfall(rows: CategoryImpact[], theme: Theme, unit = 'tokens / week'): ChartOption {
  const sorted = [...rows].sort((a, b) => b.revenue_change - a.revenue_change)
  let level = 0
  const base: number[] = []
  const up: (number | string)[] = []
  const down: (number | string)[] = []
  for (const r of sorted) {
    const next = level + r.revenue_change
    base.push(Math.min(level, next))
    up.push(r.revenue_change >= 0 ? r.revenue_change : '-')
    down.push(r.revenue_change < 0 ? -r.revenue_change : '-')
    level = next
  }
  return {
    grid: { left: 64, right: 16, top: 24, bottom: 64 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: [...sorted.map((r) => r.category), 'Total'], axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: unit },
    series: [
      {
        type: 'bar',
        stack: 'w',
        data: [...base, 0],
        itemStyle: { color: 'transparent' },
        tooltip: { show: false }
      },
      {
        name: 'gain',
        type: 'bar',
        stack: 'w',
        data: [...up, level >= 0 ? level : '-'],
        itemStyle: { color: theme.palette.success.main }
      },
      {
        name: 'loss',
        type: 'bar',
        stack: 'w',
        data: [...down, level < 0 ? -level : '-'],
        itemStyle: { color: theme.palette.error.main }
      }
    ]
  }
}

/** Revenue change by category for up to four scenarios side by side. */
export function scenarioChart(results: ScenarioResult[], theme: Theme): ChartOption {
  const cats = [...new Set(results.flatMap((r) => r.categories.map((c) => c.category)))]
  const colors = palette(theme)
  return {
    grid: { left: 64, right: 16, top: 32, bottom: 64 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: cats, axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: 'revenue change / week' },
    series: results.map((r, k) => ({
      name: r.name,
      type: 'bar',
      data: cats.map((c) => r.categories.find((x) => x.category === c)?.revenue_change ?? 0),
      itemStyle: { color: colors[k % colors.length] }
    }))
  }
}

/** Catalog revenue when every price moves by the same percentage, per scenario's model and market, with each scenario placed on it. */
export function scenarioCurveChart(results: ScenarioResult[], theme: Theme): ChartOption {
  const colors = palette(theme)
  return {
    grid: { left: 72, right: 16, top: 32, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'value',
      name: 'price change, all items (%)',
      nameLocation: 'middle',
      nameGap: 26,
      axisLine: { onZero: false }
    },
    yAxis: { type: 'value', scale: true, axisLine: { onZero: false } },
    series: results.flatMap((r, k) => [
      {
        name: r.name,
        type: 'line',
        showSymbol: false,
        data: r.curve.map((p) => [p.change_pct, Math.round(p.revenue)]),
        lineStyle: { color: colors[k % colors.length], type: 'dashed' },
        itemStyle: { color: colors[k % colors.length] }
      },
      {
        name: r.name,
        type: 'scatter',
        symbolSize: 12,
        data: [[Math.round(r.avg_price_change_pct * 10) / 10, Math.round(r.totals.revenue)]],
        itemStyle: { color: colors[k % colors.length] }
      }
    ])
  }
}
