import { groupBy } from '../util/group'
import type { Catalog, CatalogItem } from './catalog'
import { checkGuardrails, itemBounds } from './guardrails'
import {
  type Guardrails,
  describeUnit,
  type Binding,
  type CategoryImpact,
  type DemandKind,
  type Interval,
  type Objective,
  type Portfolio,
  type PriceRow,
  type PriceUnit,
  type Recommendation,
  type StrategyOutcome,
  type StrategyConfig
} from '../../shared/pricing'
import { crossFactorRange, type DemandSystem } from './demand-system'
import { elasticityInterval } from './interval'
import { optimizePrices, type CandidateTables, type Optimized } from './optimize'
import { roundWithin } from './rounding'
import { verdict } from './verdict'
import { describeGrid } from './price-grid'
import {
  cancelAhead,
  findCorner,
  startCornerAhead,
  startCornerCurve,
  type CornerAhead,
  type CornerElsewhere,
  type CornerOptions
} from './corner'
import { blendMultiplier, describeSteps, STRATEGIES, strategySteps, type StrategyStep } from './strategies'
import { fixed, numberInterval } from '../../shared/format/numbers'
import { field, indices } from '../util/typed'

/** Elasticity of each segment from the chosen model, with its 90% interval where the model has one. */
export interface SegmentElasticity {
  elasticity: number | null
  ci_low: number | null
  ci_high: number | null
  /** 'pooled' where the segment's own price effect is not identified and the pooled estimate stands in. */
  source?: 'segment' | 'pooled'
}

export interface PricingOptions {
  objective: Objective
  min_volume_share: number | null
  guardrails: Guardrails
  strategies: StrategyConfig
}

const sum = (xs: ArrayLike<number>) => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]
  return s
}

/** What runs beside the corner curve's re-optimizations. */
export interface AlongTheCorner {
  /** Where the curve's widest re-optimizations may run meanwhile (another thread), if anywhere. */
  cornerElsewhere?: CornerElsewhere
  /**
   * The caller's work on the sheet's rows (the saved run's JSON): done on this thread while the curve runs on
   * the others, instead of after it with those threads idle. The rows must not be changed after it.
   */
  meanwhile?: (
    rows: readonly PriceRow[],
    sheet: { unit: PriceUnit; segmentName: string | null }
  ) => Promise<void>
}

/**
 * Prices a catalog: the optimizer's recommendation with its reasoning and
 * binding rule per item, the blended strategies beside it, portfolio totals with
 * an interval from the elasticity uncertainty, and every strategy compared on the
 * same demand model.
 */
export async function recommendPrices(
  catalog: Catalog,
  demand: DemandSystem,
  elasticities: Map<string, SegmentElasticity>,
  o: PricingOptions,
  modelLabel: string,
  demandKind: DemandKind = 'model',
  itemRange?: ItemRange,
  /** Receives each strategy's sheet (prices in item order), for rules scored against the truth. */
  sheetsOut?: { list: { strategy: string; prices: Float64Array }[] },
  along: AlongTheCorner = {}
): Promise<Recommendation> {
  checkGuardrails(o.guardrails, catalog.items)
  // The corner curve's jobs, betting on the guardrail its corner will be on, start now: the other threads
  // would sit idle while this one optimizes the sheet.
  // The curve's settings, one object for the bet and the curve: the curve uses the jobs only for these same ones.
  const curveOptions: CornerOptions = {
    objective: o.objective,
    min_volume_share: o.min_volume_share,
    guardrails: o.guardrails,
    unit: catalog.unit
  }
  const ahead = along.cornerElsewhere
    ? await startCornerAhead(catalog.items, demand, { ...curveOptions, elsewhere: along.cornerElsewhere })
    : null
  try {
    return await recommendWith(
      { catalog, demand, elasticities, o, modelLabel, demandKind, itemRange, sheetsOut, along },
      curveOptions,
      ahead
    )
  } catch (e) {
    // A sheet that failed has no curve: nothing is to run on for it.
    if (ahead) cancelAhead(ahead)
    throw e
  }
}

/** Per-item elasticity ranges and own estimates, in item order (run.ts). */
type ItemRange = {
  low: Float64Array
  high: Float64Array
  elasticity?: Float64Array
  own?: Uint8Array
  itemLow?: Float64Array
  itemHigh?: Float64Array
}

async function recommendWith(
  a: {
    catalog: Catalog
    demand: DemandSystem
    elasticities: Map<string, SegmentElasticity>
    o: PricingOptions
    modelLabel: string
    demandKind: DemandKind
    itemRange?: ItemRange
    sheetsOut?: { list: { strategy: string; prices: Float64Array }[] }
    along: AlongTheCorner
  },
  curveOptions: CornerOptions,
  ahead: CornerAhead | null
): Promise<Recommendation> {
  const { catalog, demand, elasticities, o, modelLabel, demandKind, itemRange, sheetsOut, along } = a
  const { cornerElsewhere } = along
  const items = catalog.items
  const g = o.guardrails
  const unit = catalog.unit
  const locked = new Set(g.locked)
  const bounds = items.map((it) => itemBounds(it, g, locked.has(it.id)))
  const steps = items.map((it) =>
    strategySteps(it, elasticities.get(it.segment)?.elasticity ?? null, catalog, o.strategies)
  )
  const all = indices(items.length)
  const strategyPrices = async (mult: (i: number) => number) => {
    let clamped = 0
    const prices = field(items, (it, i) => {
      const b = bounds[i]
      if (locked.has(it.id)) return it.current_price
      const raw = it.current_price * mult(i)
      const inside = Math.min(Math.max(raw, b.lo), b.hi)
      const p = roundWithin(inside, g.rounding, b.lo, b.hi, unit) ?? inside
      if (Math.abs(inside - raw) > 1e-9) clamped++
      return p
    })
    const q = await demand(all, prices)
    return { prices, q, clamped }
  }
  const blend = await strategyPrices((i) => blendMultiplier(steps[i], o.strategies.weights))
  const sheets: { strategy: string; prices: Float64Array; q: Float64Array; clamped: number }[] = []
  for (const s of STRATEGIES)
    sheets.push({
      strategy: s,
      ...(await strategyPrices((i) => steps[i].find((x) => x.strategy === s)?.multiplier ?? 1))
    })
  sheets.push({ strategy: 'blend', ...blend })
  if (sheetsOut) sheetsOut.list = sheets.map((s) => ({ strategy: s.strategy, prices: s.prices }))
  // One pair of candidate tables for this optimization and the corner curve's after it.
  const scratch: CandidateTables = {}
  const opt = await optimizePrices(items, demand, {
    objective: o.objective,
    min_volume_share: o.min_volume_share,
    guardrails: g,
    unit,
    segmentName: catalog.segmentName,
    elasticityRange: itemRange ?? {
      low: field(items, (it) => elasticities.get(it.segment)?.ci_low ?? NaN),
      high: field(items, (it) => elasticities.get(it.segment)?.ci_high ?? NaN)
    },
    starts: sheets.map((s) => s.prices),
    scratch
  })
  // The corner, and its curve's re-optimizations started at once: on other threads they run while this one
  // writes the rows and totals below.
  const corner = findCorner(
    items.map((it, i) => ({
      current_price: it.current_price,
      recommended_price: opt.items[i].price,
      binding_guardrail: opt.items[i].binding
    })),
    items,
    o.objective,
    g
  )
  // Without a corner (or on another guardrail than the bet) the jobs ahead are ended here.
  const curve = await startCornerCurve(corner, items, demand, {
    ...curveOptions,
    scratch,
    elsewhere: cornerElsewhere,
    ahead
  })
  const texts = rowTexts(unit)
  const rows = items.map((it, i) =>
    priceRow(
      it,
      opt,
      i,
      blend.prices[i],
      steps[i],
      o,
      modelLabel,
      elasticities,
      texts,
      itemRange,
      catalog.segmentName
    )
  )
  const comparison: StrategyOutcome[] = [
    outcome(
      'current',
      items,
      field(items, (it) => it.current_price),
      field(opt.items, (x) => x.current_quantity),
      0
    )
  ]
  for (const s of sheets) comparison.push(outcome(s.strategy, items, s.prices, s.q, s.clamped))
  comparison.push(
    outcome(
      'optimizer',
      items,
      field(opt.items, (x) => x.price),
      field(opt.items, (x) => x.quantity),
      opt.items.filter((x) => x.binding !== null).length
    )
  )
  const base = comparison[0].revenue
  const baseMargin = comparison[0].margin
  for (const c of comparison) {
    c.revenue_change_pct = changePct(c.revenue, base)
    c.margin_change_pct = c.margin === null || baseMargin === null ? null : changePct(c.margin, baseMargin)
    c.objective_change_pct = o.objective === 'margin' ? (c.margin_change_pct ?? 0) : c.revenue_change_pct
  }
  const final = field(opt.items, (x) => x.price)
  const today = field(items, (it) => it.current_price)
  const crossRange = demand.links?.map((l) => crossFactorRange(l, final, today))
  const port = portfolio(rows, items, elasticities, o.objective, crossRange)
  // The rows are final here: the caller's work on them runs while the corner curve's jobs run elsewhere, and
  // this thread takes the widths nobody has claimed once it is done. The sheet's candidate tables are let go
  // first (two of n × K doubles: ~90 MB at 96k items, held through the caller's ~90 MB of rows JSON): a width
  // left to this thread makes its own.
  if (along.meanwhile) {
    scratch.P = undefined
    scratch.Q = undefined
    await along.meanwhile(rows, { unit, segmentName: catalog.segmentName ?? null })
  }
  const cornerPoints = await curve.finish()
  return {
    unit,
    demand: demandKind,
    demand_label: modelLabel,
    ...verdict(port, rows, o.objective, unit),
    rows,
    portfolio: port,
    comparison,
    categories: categoryImpact(rows),
    warnings: [...opt.warnings, ...pooledWarnings(elasticities, catalog.segmentName)],
    evaluations: opt.evaluations + items.length * (STRATEGIES.length + 1),
    corner,
    corner_curve: cornerPoints,
    segment_name: catalog.segmentName,
    price_grid: describeGrid(unit, g.rounding, catalog.grid ?? null, catalog.observedPrices ?? today)
  }
}

/** One line per segment priced with the pooled estimate: its own price effect is not identified. */
/** An elasticity and its interval, "-2.40 [-2.61, -2.19]", in the digits that keep the point inside. */
function bracketed(
  e: number | null,
  low: number | null | undefined,
  high: number | null | undefined
): string {
  const t = numberInterval(e, low, high)
  return `${t.point} [${t.low}, ${t.high}]`
}

function pooledWarnings(
  elasticities: Map<string, SegmentElasticity>,
  segmentName: string | null | undefined
): string[] {
  const name = segmentName ?? 'segment'
  return [...elasticities]
    .filter(([, e]) => e.source === 'pooled' && e.elasticity !== null)
    .map(
      ([s, e]) =>
        `${name} ${s}: its own price effect is not identified (too little price variation, or an interval reaching zero), so it is priced with the pooled elasticity of the identified ${name}s, ${bracketed(e.elasticity, e.ci_low, e.ci_high)}`
    )
}

/**
 * The texts a sheet's rows share, one string each: its unit's description, and the reasonings (96k rows of
 * the 10M-row panel carry 464 distinct ones, 20.8M characters when each row held its own).
 */
function rowTexts(unit: PriceUnit) {
  const seen = new Map<string, string>()
  return {
    unit: describeUnit(unit),
    shared(text: string): string {
      const had = seen.get(text)
      if (had !== undefined) return had
      seen.set(text, text)
      return text
    }
  }
}

function priceRow(
  it: CatalogItem,
  opt: Optimized,
  i: number,
  strategyPrice: number,
  steps: StrategyStep[],
  o: PricingOptions,
  modelLabel: string,
  elasticities: Map<string, SegmentElasticity>,
  texts: ReturnType<typeof rowTexts>,
  itemRange?: { elasticity?: Float64Array; own?: Uint8Array; low?: Float64Array; high?: Float64Array },
  segmentName?: string
): PriceRow {
  const x = opt.items[i]
  const margin = (p: number, q: number) => (it.cost === null ? null : (p - it.cost) * q)
  const ownE = itemRange?.own?.[i] ? itemRange.elasticity?.[i] : undefined
  const e = ownE ?? elasticities.get(it.segment)?.elasticity
  const which =
    ownE !== undefined
      ? 'item elasticity, partially pooled'
      : elasticities.get(it.segment)?.source === 'pooled'
        ? "pooled elasticity: the segment's own is not identified"
        : 'segment elasticity'
  const why = reasonOf(x.binding, o.objective, modelLabel, segmentName)
  const el = rowElasticity(i, elasticities.get(it.segment), itemRange)
  return {
    item_id: it.id,
    name: it.name,
    category: it.segment,
    tier: it.tier,
    current_price: it.current_price,
    recommended_price: x.price,
    change_pct: (x.price / it.current_price - 1) * 100,
    quantity_before: x.current_quantity,
    quantity_after: x.quantity,
    enrollments_before: x.current_quantity,
    enrollments_after: x.quantity,
    revenue_before: it.current_price * x.current_quantity,
    revenue_after: x.price * x.quantity,
    margin_before: margin(it.current_price, x.current_quantity),
    margin_after: margin(x.price, x.quantity),
    strategy_price: strategyPrice,
    reasoning: texts.shared(
      `${why}${e !== undefined && e !== null ? ` (${which} ${fixed(e, 2)})` : ''}; strategies: ${describeSteps(steps, o.strategies.weights)}`
    ),
    binding_guardrail: x.binding,
    out_of_observed_range: x.out_of_range,
    observed_min: it.observed_min,
    observed_max: it.observed_max,
    price_unit: texts.unit,
    // Named one by one, not spread: a spread in the middle of a literal builds each row on V8's slow path.
    elasticity: el.elasticity,
    elasticity_low: el.elasticity_low,
    elasticity_high: el.elasticity_high,
    elasticity_source: el.elasticity_source,
    cost: it.cost,
    cost_source: it.cost_source ?? null
  }
}

const finiteOrNull = (x: number | null | undefined) =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null

/** The elasticity a row's curve uses and its interval: the item's (causal) range where given, else its segment's. */
function rowElasticity(
  i: number,
  seg: SegmentElasticity | undefined,
  range?: { elasticity?: Float64Array; own?: Uint8Array; low?: Float64Array; high?: Float64Array }
): Pick<PriceRow, 'elasticity' | 'elasticity_low' | 'elasticity_high' | 'elasticity_source'> {
  const source = range?.own?.[i] ? 'item' : seg?.source === 'pooled' ? 'pooled' : 'segment'
  if (range?.elasticity)
    return {
      elasticity: finiteOrNull(range.elasticity[i]),
      elasticity_low: finiteOrNull(range.low?.[i]),
      elasticity_high: finiteOrNull(range.high?.[i]),
      elasticity_source: Number.isFinite(range.elasticity[i]) ? source : null
    }
  return {
    elasticity: finiteOrNull(seg?.elasticity),
    elasticity_low: finiteOrNull(seg?.ci_low),
    elasticity_high: finiteOrNull(seg?.ci_high),
    elasticity_source: finiteOrNull(seg?.elasticity) === null ? null : source
  }
}

/** The first words of an item's reasoning: why its price is where it is. */
export function reasonOf(
  binding: Binding,
  objective: string,
  modelLabel: string,
  /** What the dataset's segments are (a brand): the segment-average rule is named after them. */
  segmentName = 'category'
): string {
  switch (binding) {
    case null:
      return `best ${objective} on the ${modelLabel} demand curve`
    case 'locked':
      return "locked: keeps today's price"
    case 'conflict':
      return "guardrails exclude each other: keeps today's price"
    case 'positive_elasticity':
      return `demand does not fall with price on the ${modelLabel} curve: keeps today's price`
    case 'no_harm':
      return `do no harm: the full move to the ${objective} optimum may predict less than today's (by the curve or at an end of the elasticity's interval), so the price takes the largest step that gains at every end, or keeps today's where none does`
    case 'rounding':
      return `held by rounding: the ${objective} optimum lies between allowed prices; the rounding rule's nearest price inside the guardrails`
    case 'category_average':
      // A dataset without a segment column is one segment named "all": its rule is the all-items average.
      return `moved by the ${segmentName === 'all' ? 'all-items' : segmentName} average rule (a portfolio rule, even where it costs ${objective})`
    case 'ladder':
    case 'volume_floor':
      return `moved by the ${binding.replace(/_/g, ' ')} rule (a portfolio rule, even where it costs ${objective})`
    default:
      return `${objective} optimum held by ${binding.replace(/_/g, ' ')}`
  }
}

function outcome(
  strategy: string,
  items: CatalogItem[],
  prices: Float64Array,
  q: Float64Array,
  clamped: number
): StrategyOutcome {
  const hasCost = items.every((it) => it.cost !== null)
  // Summed in item order, as a sum of the mapped arrays was.
  let revenue = 0
  let margin = 0
  let changed = 0
  for (let i = 0; i < prices.length; i++) {
    revenue += prices[i] * q[i]
    if (hasCost) margin += (prices[i] - (items[i].cost as number)) * q[i]
    if (Math.abs(prices[i] - items[i].current_price) > 1e-9) changed++
  }
  return {
    strategy,
    revenue,
    margin: hasCost ? margin : null,
    enrollments: sum(q),
    revenue_change_pct: 0,
    items_changed: changed,
    items_clamped: clamped
  }
}

/** The change of `after` over `before` in % (0 when there is nothing to compare with). */
function changePct(after: number, before: number): number {
  return before !== 0 ? ((after - before) / Math.abs(before)) * 100 : 0
}

function changeInterval(iv: Interval | null | undefined, before: number | null): Interval | null {
  if (!iv || before === null || before === 0) return null
  return { low: changePct(iv.low, before), high: changePct(iv.high, before) }
}

/** Totals, with intervals from the segment elasticity intervals (see elasticityInterval). */
function portfolio(
  rows: PriceRow[],
  items: CatalogItem[],
  el: Map<string, SegmentElasticity>,
  objective: Objective,
  crossRange?: { low: number; high: number }[]
): Portfolio {
  const iv = elasticityInterval(
    rows.map((r, i) => ({
      segment: r.category,
      p0: r.current_price,
      p1: r.recommended_price,
      q0: r.enrollments_before,
      q1: r.enrollments_after,
      cost: items[i].cost,
      ...(crossRange ? { cross: crossRange[i] } : {})
    })),
    el
  )
  const cur = sum(rows.map((r) => r.revenue_before))
  const opt = sum(rows.map((r) => r.revenue_after))
  const hits: Record<string, number> = {}
  for (const r of rows)
    if (r.binding_guardrail) hits[r.binding_guardrail] = (hits[r.binding_guardrail] ?? 0) + 1
  const hasCost = items.every((it) => it.cost !== null)
  const curMargin = hasCost ? sum(rows.map((r) => r.margin_before as number)) : null
  const optMargin = hasCost ? sum(rows.map((r) => r.margin_after as number)) : null
  const marginChange = curMargin !== null && optMargin !== null ? changePct(optMargin, curMargin) : null
  const marginInterval = changeInterval(iv?.margin, curMargin)
  const revenueInterval = changeInterval(iv?.revenue, cur)
  const byMargin = objective === 'margin'
  return {
    items: rows.length,
    items_changed: rows.filter((r) => r.recommended_price !== r.current_price).length,
    items_up: rows.filter((r) => r.recommended_price > r.current_price).length,
    items_down: rows.filter((r) => r.recommended_price < r.current_price).length,
    current_revenue: cur,
    optimized_revenue: opt,
    revenue_interval: iv?.revenue ?? null,
    uplift_pct: cur > 0 ? (opt / cur - 1) * 100 : 0,
    uplift_interval:
      iv && cur > 0
        ? { low: (iv.revenue.low / cur - 1) * 100, high: (iv.revenue.high / cur - 1) * 100 }
        : null,
    current_enrollments: sum(rows.map((r) => r.enrollments_before)),
    optimized_enrollments: sum(rows.map((r) => r.enrollments_after)),
    enrollments_interval: iv?.enrollments ?? null,
    current_quantity: sum(rows.map((r) => r.quantity_before)),
    optimized_quantity: sum(rows.map((r) => r.quantity_after)),
    current_margin: curMargin,
    optimized_margin: optMargin,
    margin_interval: iv?.margin ?? null,
    objective,
    objective_change_pct: byMargin ? (marginChange ?? 0) : changePct(opt, cur),
    objective_interval: byMargin ? marginInterval : revenueInterval,
    margin_change_pct: marginChange,
    margin_change_interval: marginInterval,
    guardrail_hits: hits,
    out_of_range: rows.filter((r) => r.out_of_observed_range).length
  }
}

function categoryImpact(rows: PriceRow[]): CategoryImpact[] {
  return [...groupBy(rows, (r) => r.category)].map(([category, rs]) => {
    const before = sum(rs.map((r) => r.revenue_before))
    const after = sum(rs.map((r) => r.revenue_after))
    return {
      category,
      items: rs.length,
      revenue_before: before,
      revenue_after: after,
      revenue_change: after - before,
      avg_price_change_pct: sum(rs.map((r) => r.change_pct)) / rs.length
    }
  })
}
