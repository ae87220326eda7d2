/**
 * What each path of `pricelab serve` answers, from what was loaded (served-project.ts): validate
 * (done by the HTTP adapter, src/server/api) → core → a body of the contract. Nothing here reads
 * the project file. `serveHandlers` is the typed map the adapter dispatches on.
 */
import type { z } from 'zod'
import { DomainError } from '../../shared/domain-error'
import { recommendPrices } from '../../core/pricing/recommend'
import type { PriceRow } from '../../shared/pricing'
import type { DemandFn } from '../../core/pricing/optimize'
import type { ItemForecast } from '../../core/pricing/demand-forecast'
import type {
  DemandRequest,
  DemandResponse,
  ItemPrice,
  ItemPriceRequest,
  PriceSheet,
  Propensity
} from '../../shared/serve/contract'
import type { RouteName, ROUTES } from '../../shared/serve/routes'
import type { Served } from './served-project'

type Demand = NonNullable<Served['demand']>

function needDemand(s: Served): Demand {
  if (!s.demand)
    throw new DomainError(
      'not_found',
      'the project has no trained elasticity run: train the models in PriceLab, then reload'
    )
  return s.demand
}

function sheetOf(s: Served): NonNullable<Served['pricing']> {
  if (!s.pricing)
    throw new DomainError(
      'not_found',
      'the project has no price sheet yet: run the optimizer in PriceLab (Pricing page or `pricelab optimize`), then reload'
    )
  return s.pricing
}

function priceSheet(s: Served): PriceSheet {
  const run = sheetOf(s)
  return {
    pricing_run_id: run.run_id as number,
    elasticity_run_id: run.elasticity_run_id,
    dataset: run.dataset,
    model: run.model,
    demand_label: run.demand_label,
    unit: run.unit,
    refused: run.refused,
    uncertain: run.uncertain,
    items: run.rows.map(sheetRow)
  }
}

function sheetRow(r: PriceRow): PriceSheet['items'][number] {
  return {
    id: r.item_id,
    name: r.name,
    segment: r.category,
    current_price: r.current_price,
    recommended_price: r.recommended_price,
    change_pct: r.change_pct,
    quantity_before: r.quantity_before ?? r.enrollments_before,
    quantity_after: r.quantity_after ?? r.enrollments_after,
    revenue_before: r.revenue_before,
    revenue_after: r.revenue_after,
    margin_before: r.margin_before,
    margin_after: r.margin_after,
    reason: r.reasoning,
    binding_guardrail: r.binding_guardrail,
    out_of_observed_range: r.out_of_observed_range
  }
}

function unknownItem(id: string, s: Served): DomainError {
  const d = s.demand
  const some = d ? [...d.index.keys()].slice(0, 3).join('", "') : ''
  return new DomainError(
    'not_found',
    `unknown item "${id}"${d ? ` (dataset ${d.report.dataset} has ${d.index.size} items, e.g. "${some}")` : ''}`
  )
}

/** Forecast of one item at one price, or null when the demand curve does not know it. */
async function forecastOne(s: Served, id: string, price: number): Promise<ItemForecast | null> {
  const i = s.demand?.index.get(id)
  if (i === undefined || !s.demand) return null
  return (await s.demand.forecast(Int32Array.of(i), Float64Array.of(price)))[0]
}

/** The saved sheet's price of an item, with the forecast (and interval) at that price on the served curve. */
async function itemPrice(s: Served, id: string): Promise<ItemPrice> {
  const run = sheetOf(s)
  const row = s.sheetRows.get(id)
  if (!row) throw unknownItem(id, s)
  const f = await forecastOne(s, id, row.recommended_price)
  return {
    id,
    name: row.name,
    segment: row.category,
    source: 'price_sheet',
    current_price: row.current_price,
    recommended_price: row.recommended_price,
    change_pct: row.change_pct,
    reason: row.reasoning,
    binding_guardrail: row.binding_guardrail,
    quantity: f?.quantity ?? row.quantity_after,
    quantity_interval: f?.quantityInterval ?? null,
    revenue: f?.revenue ?? row.revenue_after,
    revenue_interval: f?.revenueInterval ?? null,
    unit: run.unit,
    pricing_run_id: run.run_id,
    warnings: f ? [] : [`item "${id}" is not in the served demand curve: no interval`]
  }
}

/**
 * One item optimized now: the saved settings (or the defaults) with the asked guardrails,
 * through the same recommendPrices the sheet came from, on the served demand curve.
 * Portfolio rules (category average, ladder, volume floor) need the whole catalog and do not apply.
 */
async function optimizeItem(s: Served, id: string, o: ItemPriceRequest): Promise<ItemPrice> {
  const d = needDemand(s)
  const i = d.index.get(id)
  if (i === undefined) throw unknownItem(id, s)
  const base = d.settings
  const g = base.guardrails
  const guardrails = {
    ...g,
    min_price: o.min_price ?? g.min_price,
    max_price: o.max_price ?? g.max_price,
    max_increase: o.max_increase ?? g.max_increase,
    max_decrease: o.max_decrease ?? g.max_decrease,
    margin_floor: o.margin_floor ?? g.margin_floor,
    stay_in_observed: o.stay_in_observed ?? g.stay_in_observed,
    rounding: o.rounding ? { ...g.rounding, rule: o.rounding } : g.rounding,
    ladder: null,
    category_avg_change: null
  }
  const ctx = d.ctx
  const one: DemandFn = (idx, prices) =>
    ctx.demand(
      Int32Array.from(idx, () => i),
      prices
    )
  const r = ctx.itemRange
  const pick = (a: Float64Array | undefined) => (a ? Float64Array.of(a[i]) : new Float64Array([NaN]))
  const rec = await recommendPrices(
    { ...ctx.catalog, items: [ctx.catalog.items[i]] },
    one,
    ctx.elasticities,
    {
      objective: o.objective ?? base.objective,
      min_volume_share: null,
      guardrails,
      strategies: base.strategies
    },
    ctx.label,
    ctx.kind,
    r && {
      low: pick(r.low),
      high: pick(r.high),
      elasticity: pick(r.elasticity),
      own: Uint8Array.of(r.own[i]),
      itemLow: pick(r.itemLow),
      itemHigh: pick(r.itemHigh)
    }
  )
  const row = rec.rows[0]
  const f = (await d.forecast(Int32Array.of(i), Float64Array.of(row.recommended_price)))[0]
  return {
    id,
    name: row.name,
    segment: row.category,
    source: 'optimized',
    current_price: row.current_price,
    recommended_price: row.recommended_price,
    change_pct: row.change_pct,
    reason: row.reasoning,
    binding_guardrail: row.binding_guardrail,
    quantity: f.quantity,
    quantity_interval: f.quantityInterval,
    revenue: f.revenue,
    revenue_interval: f.revenueInterval,
    unit: rec.unit,
    pricing_run_id: null,
    warnings: rec.warnings
  }
}

/** Quantity and revenue of the asked items at the asked prices, each with its interval. */
async function demand(s: Served, req: DemandRequest): Promise<DemandResponse> {
  const d = needDemand(s)
  const n = req.items.length
  const idx = new Int32Array(n)
  const prices = new Float64Array(n)
  const seen = new Set<number>()
  for (let k = 0; k < n; k++) {
    const q = req.items[k]
    const i = d.index.get(q.id)
    if (i === undefined) throw unknownItem(q.id, s)
    // One price per item: with cross-price effects, an item's demand depends on the whole price vector.
    if (seen.has(i))
      throw new DomainError('invalid_input', `item "${q.id}" is asked twice: give each item one price`)
    seen.add(i)
    idx[k] = i
    prices[k] = q.price
  }
  const f = await d.forecast(idx, prices)
  const items = ctxItems(d)
  return {
    elasticity_run_id: d.report.run_id as number,
    model: d.model,
    demand: d.ctx.kind,
    demand_label: d.ctx.description,
    unit: d.ctx.catalog.unit,
    items: f.map((x, k) => ({
      id: req.items[k].id,
      price: prices[k],
      current_price: items[idx[k]].current_price,
      out_of_observed_range: prices[k] < items[idx[k]].observed_min || prices[k] > items[idx[k]].observed_max,
      quantity: x.quantity,
      quantity_interval: x.quantityInterval,
      revenue: x.revenue,
      revenue_interval: x.revenueInterval,
      elasticity: x.elasticity
    }))
  }
}

const ctxItems = (d: Demand) => d.ctx.catalog.items

/** A learner's (or customer's) scores. On a project without customer runs, customers are the EdTech learners. */
function propensity(s: Served, kind: 'learner' | 'customer', id: string, dataset: string | null): Propensity {
  if (kind === 'customer' && (s.customers.size || dataset !== null)) {
    const name = dataset ?? s.customerDefault
    const ids = name === null ? undefined : s.customers.get(name)
    if (!ids)
      throw new DomainError(
        'not_found',
        `no customer propensity run on dataset "${name}"${s.customers.size ? ` (runs exist on: ${[...s.customers.keys()].join(', ')})` : ''}`
      )
    const p = ids.get(id)
    if (!p)
      throw new DomainError(
        'not_found',
        `unknown customer "${id}" in dataset "${name}" (${ids.size} customers scored)`
      )
    return p
  }
  if (!s.learners.size)
    throw new DomainError(
      'not_found',
      kind === 'learner'
        ? 'the project has no learner propensity run (EdTech sample): train propensity in PriceLab, then reload'
        : 'the project has no propensity run: score a customer table or the EdTech learners in PriceLab, then reload'
    )
  const p = s.learners.get(id)
  if (!p) throw new DomainError('not_found', `unknown learner "${id}" (${s.learners.size} learners scored)`)
  return p
}

/** The routes answered from the loaded runs (health and reload are about the server itself). */
export type ServedRoute = Exclude<RouteName, 'health' | 'reload'>
type Spec<K extends ServedRoute> = (typeof ROUTES)[K]
/** A route's validated input: its body, else its query, else nothing. */
export type ServeInput<K extends ServedRoute> =
  Spec<K> extends { body: z.ZodType }
    ? z.output<Spec<K>['body']>
    : Spec<K> extends { query: z.ZodType }
      ? z.output<Spec<K>['query']>
      : undefined
/** The path's id (an item, a customer, a learner) where the route has one. */
export type ServeId<K extends ServedRoute> = Spec<K> extends { param: object } ? string : null
export type ServeOutput<K extends ServedRoute> = z.output<Spec<K>['response']>

/** One handler per served route: (what was loaded, the path's id, the validated input) → the response body. */
export const serveHandlers: {
  [K in ServedRoute]: (
    s: Served,
    id: ServeId<K>,
    input: ServeInput<K>
  ) => ServeOutput<K> | Promise<ServeOutput<K>>
} = {
  priceSheet: (s) => priceSheet(s),
  itemPrice: (s, id, q) => (Object.keys(q).length ? optimizeItem(s, id, q) : itemPrice(s, id)),
  itemPriceOptimize: (s, id, body) => optimizeItem(s, id, body),
  demand: (s, _id, body) => demand(s, body),
  customerPropensity: (s, id, q) => propensity(s, 'customer', id, q.dataset ?? null),
  learnerPropensity: (s, id) => propensity(s, 'learner', id, null)
}
