import type { ElasticityReport } from '../../../shared/elasticity/results'
import { SAMPLE_DATASET } from '../../elasticity/panel'
import type { SourcedElasticity } from '../causal-demand'
import {
  type Guardrails,
  type ScenarioResult,
  type ScenarioSpec,
  type PricingRun,
  describeUnit
} from '../../../shared/pricing'
import { TOKENS } from '../units'
import { count, pct, signedPct, signedPctInterval } from '../../../shared/format/numbers'
import type { CrossTerm, ScenarioColumn, WorkbookInput, WorkbookItem } from './input'

/** The portfolio's revenue change with its interval, in the digits that keep the point inside. */
function upliftText(point: number, interval: { low: number; high: number } | null | undefined): string {
  if (!interval) return signedPct(point)
  const t = signedPctInterval(point, interval.low, interval.high)
  return `${t.point} (90% interval ${t.interval})`
}

/** The guardrails in words, one per line of the Assumptions sheet. */
export function guardrailLines(g: Guardrails): [string, string][] {
  const out: [string, string][] = [
    ['Largest increase', g.max_increase === null ? 'none' : pct(g.max_increase)],
    ['Largest decrease', g.max_decrease === null ? 'none' : pct(g.max_decrease)],
    ['Lowest price', g.min_price === null ? 'none' : String(g.min_price)],
    ['Highest price', g.max_price === null ? 'none' : String(g.max_price)],
    ['Stay in observed prices', g.stay_in_observed ? 'yes' : 'no'],
    ['Rounding', `${g.rounding.rule}, ${g.rounding.direction}`]
  ]
  if (g.margin_floor !== null) out.push(['Margin floor', pct(g.margin_floor)])
  if (g.category_avg_change !== null) out.push(['Segment average change', pct(g.category_avg_change)])
  if (g.competitor_band !== null) out.push(['Competitor band', pct(g.competitor_band)])
  if (g.locked.length) out.push(['Locked items', g.locked.join(', ')])
  return out
}

function itemOf(r: PricingRun['rows'][number]): WorkbookItem {
  return {
    id: r.item_id,
    name: r.name,
    segment: r.category,
    tier: r.tier,
    current_price: r.current_price,
    recommended_price: r.recommended_price,
    quantity_before: r.quantity_before,
    quantity_after: r.quantity_after,
    revenue_before: r.revenue_before,
    revenue_after: r.revenue_after,
    margin_before: r.margin_before,
    margin_after: r.margin_after,
    elasticity: r.elasticity ?? null,
    elasticity_low: r.elasticity_low ?? null,
    elasticity_high: r.elasticity_high ?? null,
    cost: r.cost ?? null,
    binding: r.binding_guardrail,
    reasoning: r.reasoning,
    out_of_range: r.out_of_observed_range
  }
}

function describeScenario(s: ScenarioSpec): string {
  if (s.kind !== 'changes')
    return s.kind === 'optimized' ? 'the latest optimized prices' : 'personalized prices'
  return s.changes
    .map((c) => `${c.scope}${c.key ? ` ${c.key}` : ''} ${c.change_pct >= 0 ? '+' : ''}${c.change_pct}%`)
    .join('; ')
}

export function scenarioColumn(spec: ScenarioSpec, r: ScenarioResult): ScenarioColumn {
  return {
    name: r.name,
    description: describeScenario(spec),
    revenue_before: r.totals.revenue_before,
    revenue: r.totals.revenue,
    revenue_change_pct: r.totals.revenue_change_pct,
    quantity_before: r.totals.enrollments_before,
    quantity: r.totals.enrollments,
    margin: r.totals.margin,
    revenue_low: r.totals.revenue_interval?.low ?? null,
    revenue_high: r.totals.revenue_interval?.high ?? null
  }
}

/** A saved scenario that could not be forecast: its column says why and holds no numbers. */
export function unforecastable(name: string, reason: string): ScenarioColumn {
  return {
    name,
    description: `could not be forecast: ${reason}`,
    revenue_before: NaN,
    revenue: NaN,
    revenue_change_pct: NaN,
    quantity_before: NaN,
    quantity: NaN,
    margin: null,
    revenue_low: null,
    revenue_high: null
  }
}

/** What the Assumptions sheet says of the elasticity run: its data's fingerprint, date and validation. */
export type ElasticitySource = Pick<
  ElasticityReport,
  'run_id' | 'dataset' | 'dataset_version' | 'rows' | 'items' | 'created_at' | 'validation' | 'sampled'
>

export interface RunSources {
  report: ElasticitySource
  segments: Map<string, SourcedElasticity>
  segmentName: string
  scenarios: ScenarioColumn[]
  corner?: string | null
  /** The run's cross terms between the sheet's items (none: each item moves with its own price only). */
  cross?: CrossTerm[]
}

/** The workbook of a saved pricing run, its elasticity run and the project's saved scenarios. */
export function workbookInput(run: PricingRun, src: RunSources): WorkbookInput {
  const items = run.rows.map(itemOf)
  const old = run.rows.some((r) => r.elasticity === undefined)
  const rep = src.report
  const s = run.settings
  const p = run.portfolio
  const unit = run.unit ?? TOKENS
  return {
    dataset: run.dataset,
    unit,
    quantityName: run.dataset === SAMPLE_DATASET ? 'Enrollments' : 'Quantity',
    segmentName: src.segmentName === 'all' ? 'Segment' : src.segmentName,
    items,
    causal: run.demand === 'causal',
    whatIfRefusal: old
      ? 'This price sheet was saved before PriceLab kept each item’s elasticity: optimize again to get live what-if formulas.'
      : null,
    corner: src.corner ?? run.corner?.reason ?? null,
    cross: src.cross ?? [],
    assumptions: [
      ['Dataset', run.dataset],
      [
        'Data fingerprint',
        `${rep.dataset} version ${rep.dataset_version}: ${count(rep.rows)} rows, ${count(rep.items)} items${rep.sampled ? ' (a sample of the rows)' : ''}`
      ],
      ['Pricing run', `${run.run_id ?? 'unsaved'} on ${run.created_at}`],
      ['Elasticity run', `${rep.run_id ?? 'unsaved'} on ${rep.created_at}`],
      ['Model', run.model],
      ['Validation', rep.validation === 'items' ? 'held-out items' : 'last periods of every item (time)'],
      ['Demand curve', run.demand_label],
      ['Objective', s.objective],
      [
        'Costs',
        s.cost_share !== null
          ? `assumed: ${pct(s.cost_share)} of today's price`
          : items.every((it) => it.cost !== null)
            ? "the data's unit cost column"
            : 'none in the data: margins are not computed'
      ],
      ['Price unit', describeUnit(unit)],
      ['Revenue change', upliftText(p.uplift_pct, p.uplift_interval)],
      ...guardrailLines(s.guardrails),
      ...run.warnings.map((w): [string, string] => ['Warning', w])
    ],
    segments: [...src.segments].map(([segment, e]) => ({
      segment,
      elasticity: e.elasticity,
      ci_low: e.ci_low,
      ci_high: e.ci_high,
      source: e.from
    })),
    impact: run.categories.map((c) => ({
      segment: c.category,
      items: c.items,
      revenue_before: c.revenue_before,
      revenue_after: c.revenue_after,
      avg_price_change_pct: c.avg_price_change_pct
    })),
    scenarios: src.scenarios
  }
}
