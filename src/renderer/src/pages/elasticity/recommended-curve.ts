/**
 * The demand chart's curve: the recommended elasticity (the one the page headlines and pricing uses), drawn
 * as pricing's causal demand draws it — a model's predicted level at today's price × (price ÷ today's)^ε —
 * never a model's own curve unless the analyst asks for it.
 */
import type { Theme } from '@mui/material/styles'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { DemandCurve, ModelReport } from '../../../../shared/elasticity/model-results'
import {
  pooledElasticity,
  recommendationOf,
  segmentElasticity
} from '../../../../shared/elasticity/recommend'
import type { ChartOption } from '../../components/EChart'
import type { CurveAxes } from './dataset-words'
import { sourceLabel } from './RecommendedCard'
import { fixed } from '../../format'

/** The elasticity a segment is priced with, where it comes from and why. */
export interface CurveElasticity {
  elasticity: number
  ci_low: number | null
  ci_high: number | null
  /** "Debiased (DML)", a model's name, or "pooled" for a segment whose own effect is not identified. */
  from: string
  pooled: boolean
  /** The recommendation's reason for this segment (why this estimate, why not the best-fitting model's). */
  reason: string
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * The segment's recommended elasticity as pricing takes it (core/pricing/causal-demand): its own where
 * identified, else the pooled estimate of the identified segments; null when there is neither.
 */
export function curveElasticity(report: ElasticityReport, segment: string): CurveElasticity | null {
  const rec = recommendationOf(report)
  const own = segmentElasticity(rec, segment)
  const reason = own?.recommended_reason ?? ''
  const pooled = pooledElasticity(rec.segments)
  if (own && finite(own.recommended) && own.identified)
    return {
      elasticity: own.recommended,
      ci_low: own.recommended_ci_low,
      ci_high: own.recommended_ci_high,
      from: sourceLabel(own.recommended_from),
      pooled: false,
      reason
    }
  if (pooled)
    return {
      elasticity: pooled.elasticity,
      ci_low: pooled.ci_low,
      ci_high: pooled.ci_high,
      from: 'pooled',
      pooled: true,
      reason
    }
  if (own && finite(own.recommended))
    return {
      elasticity: own.recommended,
      ci_low: own.recommended_ci_low,
      ci_high: own.recommended_ci_high,
      from: sourceLabel(own.recommended_from),
      pooled: false,
      reason
    }
  return null
}

export interface CurvePoint {
  price: number
  quantity: number
  revenue: number
}

/** Constant-elasticity demand through the anchor's level at today's price: q₁·f^ε and revenue r₁·f^(1+ε). */
export function constantElasticityPoints(anchor: DemandCurve, elasticity: number): CurvePoint[] {
  const today = anchor.points.find((p) => p.factor === 1)
  if (!today) return []
  return anchor.points.map((p) => ({
    price: anchor.current_price * p.factor,
    quantity: today.quantity * p.factor ** elasticity,
    revenue: today.revenue * p.factor ** (1 + elasticity)
  }))
}

/** The curve of one segment in a model's report (its first when the segment is not there). */
export function curveOf(model: ModelReport, segment: string): DemandCurve | null {
  return model.curves.find((x) => x.segment === segment) ?? model.curves[0] ?? null
}

const round = (x: number) => Number(x.toPrecision(6))

/** The 90% interval as a band: a base line (invisible) and the interval's width stacked on it. */
function bandSeries(mid: CurvePoint[], lo: CurvePoint[], hi: CurvePoint[], theme: Theme): object[] {
  const common = {
    name: '90% interval',
    type: 'line',
    stack: 'interval',
    symbol: 'none',
    lineStyle: { opacity: 0 },
    itemStyle: { color: theme.palette.success.light },
    tooltip: { show: false }
  }
  return [
    { ...common, data: mid.map((p, k) => [round(p.price), round(Math.min(lo[k].quantity, hi[k].quantity))]) },
    {
      ...common,
      areaStyle: { color: theme.palette.success.main, opacity: 0.15 },
      data: mid.map((p, k) => [round(p.price), round(Math.abs(hi[k].quantity - lo[k].quantity))])
    }
  ]
}

/** The recommended demand and revenue, its 90% interval as a band, and (on request) a model's own demand. */
export function recommendedCurveChart(
  anchor: DemandCurve,
  e: CurveElasticity,
  theme: Theme,
  axes: CurveAxes,
  compare: { label: string; curve: DemandCurve } | null
): ChartOption {
  const mid = constantElasticityPoints(anchor, e.elasticity)
  const lo = finite(e.ci_low) ? constantElasticityPoints(anchor, e.ci_low) : []
  const hi = finite(e.ci_high) ? constantElasticityPoints(anchor, e.ci_high) : []
  const name = `Demand at ε = ${fixed(e.elasticity, 2)} (recommended)`
  const series: object[] = [
    {
      name,
      type: 'line',
      smooth: true,
      symbolSize: 4,
      data: mid.map((p) => [round(p.price), round(p.quantity)]),
      itemStyle: { color: theme.palette.success.main },
      lineStyle: { width: 3 },
      markLine: {
        symbol: 'none',
        label: { formatter: 'today' },
        lineStyle: { type: 'dashed', color: theme.palette.text.secondary },
        data: [{ xAxis: round(anchor.current_price) }]
      }
    },
    {
      name: 'Revenue (recommended)',
      type: 'line',
      smooth: true,
      symbol: 'none',
      yAxisIndex: 1,
      data: mid.map((p) => [round(p.price), round(p.revenue)]),
      itemStyle: { color: theme.palette.primary.main }
    }
  ]
  if (lo.length && hi.length) series.push(...bandSeries(mid, lo, hi, theme))
  if (compare)
    series.push({
      name: `${compare.label}'s own demand`,
      type: 'line',
      smooth: true,
      symbol: 'none',
      data: compare.curve.points.map((p) => [round(p.price), round(p.quantity)]),
      itemStyle: { color: theme.palette.text.disabled },
      lineStyle: { type: 'dashed', width: 2 }
    })
  return {
    grid: { left: 64, right: 72, top: 40, bottom: 40 },
    legend: {
      top: 0,
      data: series.map((s) => (s as { name: string }).name).filter((n, i, a) => a.indexOf(n) === i)
    },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: axes.price, nameLocation: 'middle', nameGap: 26, scale: true },
    yAxis: [
      { type: 'value', name: axes.quantity, scale: true },
      { type: 'value', name: axes.revenue, scale: true, splitLine: { show: false } }
    ],
    series
  }
}
