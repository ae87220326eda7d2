import type { Db } from '../db/port'
import type { ElasticityReport } from '../../shared/elasticity/results'
import type { Panel } from '../elasticity/panel'
import type { RestoredModel } from '../elasticity/restore'
import { catalogExtras, catalogFromDigest, type Catalog, type ItemBy } from './catalog'
import { digestFor, pricingRows, type PricingDigest, type PricingRows } from './digest'
import {
  causalDemand,
  describeSources,
  itemElasticities,
  jointOwnElasticities,
  pricingElasticities
} from './causal-demand'
import type { DemandKind, OwnSource, PricingRun, PricingSettings } from '../../shared/pricing'
import { modelDemand } from './model-demand'
import { refuseUnseenSegments } from '../elasticity/unseen-segments'
import { PricingError, type DemandFn } from './optimize'
import { withCross, type DemandSystem } from './demand-system'
import { recommendPrices, type AlongTheCorner, type SegmentElasticity } from './recommend'
import { scoreAgainstTruth } from './truth-score'
import { runCrossLinks, type RunCross } from './cross-demand'
import { costInputsOf, costWarnings, type CostInputs } from './costs'

/**
 * What pricing needs from a saved elasticity run: its data (the digest pricing reads, or a panel
 * it is digested from here), one restored model, the run's report.
 */
export interface PricingModel {
  report: ElasticityReport
  kind: string
  panel?: Panel
  digest?: PricingDigest
  /** Null when no model of the run predicts better than the item mean: the causal curve then uses recent levels. */
  model: RestoredModel | null
}

export interface PricingContext {
  catalog: Catalog
  /** Quantity of every item at a price vector (demand-system.ts): own curves × cross terms. */
  demand: DemandSystem
  elasticities: Map<string, SegmentElasticity>
  /** Short name of the demand curve, for reasons ("causal (OLS baseline)"). */
  label: string
  kind: DemandKind
  /** What the demand curve is, in one sentence, for the UI, CLI and report. */
  description: string
  /** Cross-price links between items in the demand (0: independent curves). */
  crossLinks?: number
  /**
   * Which own elasticities the demand uses (\`optimize --json\` \`own_source\`): \`cross_own\` where the
   * demand applies cross terms (each segment's own elasticity from the regression of its cross
   * terms), \`recommended\` (the run's recommended, debiased estimates) without them, \`model\` on a
   * model's own curve.
   */
  ownSource: OwnSource
  /** Each item's elasticity interval where it has its own (do no harm holds across it); else segments'. */
  itemRange?: {
    low: Float64Array
    high: Float64Array
    elasticity: Float64Array
    own: Uint8Array
    itemLow: Float64Array
    itemHigh: Float64Array
  }
}

export interface ContextOptions {
  demand?: DemandKind
  itemBy?: ItemBy
  pause?: () => Promise<void>
  /** Leave the run's cross-price effects out (the "ignore cross effects" toggle). */
  ignoreCross?: boolean
}

/**
 * Catalog, demand curve and segment elasticities of one saved model: the ground
 * every pricing call stands on. The default demand is causal: the model's
 * prediction at today's price times (p/p₀)^ε with the run's recommended
 * elasticity; `demand: 'model'` prices on the model's own curve.
 */
export function pricingContext(
  db: Db,
  m: PricingModel,
  costShare: number | null | CostInputs,
  opts: ContextOptions | (() => Promise<void>) = {}
): PricingContext {
  const o: ContextOptions = typeof opts === 'function' ? { pause: opts } : opts
  let cross: RunCross = { links: null, count: 0, note: null }
  const ctx = ownPriceContext(db, m, costShare, o, (catalog) => {
    cross = runCrossLinks(db, m.report, catalog, o.ignoreCross ?? false)
    return cross.links !== null
  })
  // The demand system: the own-price curves times the run's cross-price terms (cross-demand.ts).
  const links = cross.links
  return {
    ...ctx,
    demand: links ? withCross(ctx.demand, ctx.catalog.items, links) : ctx.demand,
    crossLinks: cross.count,
    description: cross.note ? `${ctx.description}; ${cross.note}` : ctx.description
  }
}

/**
 * The catalog and each item's own-price curve (no cross terms yet). \`crossApplies\` says, once the
 * catalog is known, whether the demand will carry the run's cross terms: the causal curve then
 * takes the own elasticities estimated jointly with them.
 */
function ownPriceContext(
  db: Db,
  m: PricingModel,
  costShare: number | null | CostInputs,
  o: ContextOptions,
  crossApplies: (catalog: Catalog) => boolean
): PricingContext {
  const report = m.model ? m.report.models.find((x) => x.name === m.kind) : null
  if (m.model && !report) throw new PricingError(`elasticity run ${m.report.run_id} has no ${m.kind} model`)
  const digest = digestOf(m, pricingRows(db, m.report.dataset, o.itemBy))
  const catalog = catalogFromDigest(digest, catalogExtras(db, m.report.dataset), costShare)
  if (!catalog.items.length) throw new PricingError('the elasticity run has no items to price')
  const joint = crossApplies(catalog)
  if (!m.model || !report) {
    // No model predicts better than the item mean: the causal curve stands on each item's recent level.
    if (o.demand === 'model')
      throw new PricingError(
        `no model of elasticity run ${m.report.run_id} predicts better than the item mean: price on the causal curve (the items' recent levels) or choose a model`
      )
    return causalContext(m, catalog, joint, RECENT_LEVEL, (items) =>
      Float64Array.from(items, (it) => it.recent_quantity ?? 0)
    )
  }
  refuseUnseenSegments(m.report, report.label, digest.panel)
  const own = modelDemand(digest.panel, m.model, catalog.items, o.pause)
  if ((o.demand ?? 'causal') === 'model')
    return {
      catalog,
      demand: own,
      elasticities: new Map(
        report.segments.map((s) => [
          s.segment,
          { elasticity: s.elasticity, ci_low: s.ci_low, ci_high: s.ci_high }
        ])
      ),
      label: report.label,
      kind: 'model',
      ownSource: 'model',
      description: `the ${report.label} model's own demand curve (its price response included)`
    }
  return causalContext(m, catalog, joint, `${report.label} prediction`, () => own, report.label)
}

const RECENT_LEVEL = "items' recent level (mean quantity of their last 4 periods)"

/** The causal curve on a baseline (a model's prediction at today's price, or the recent level). */
function causalContext(
  m: PricingModel,
  catalog: Catalog,
  /** The demand applies cross terms: price with the own elasticities estimated jointly with them. */
  joint: boolean,
  baselineName: string,
  baseline: (items: Catalog['items']) => DemandFn | Float64Array,
  short = 'recent level'
): PricingContext {
  const recommended = pricingElasticities(m.report, m.kind)
  const jointOwn = joint && m.report.cross_own?.length ? jointOwnElasticities(m.report, recommended) : null
  const el = jointOwn?.el ?? recommended
  const per = itemElasticities(m.report, catalog.items, el, jointOwn?.shift)
  const eps = new Map(catalog.items.map((it, i) => [it, per.elasticity[i]]))
  const pooled = per.pooled
    ? `; ${per.pooled} of ${catalog.items.length} items priced with their own partially pooled elasticity`
    : ''
  return {
    catalog,
    demand: causalDemand(baseline(catalog.items), catalog.items, (it) => {
      const e = eps.get(it) as number
      return Number.isFinite(e) ? e : null
    }),
    elasticities: el,
    itemRange: {
      low: per.low,
      high: per.high,
      elasticity: per.elasticity,
      own: per.own,
      itemLow: per.itemLow,
      itemHigh: per.itemHigh
    },
    label: `causal (${short} baseline)`,
    kind: 'causal',
    ownSource: jointOwn ? 'cross_own' : 'recommended',
    description: `causal: the ${baselineName} at today's price × (p/p₀)^ε, ε the ${describeSources(el)}${pooled}`
  }
}

/** Profit first: margin wherever every item has a cost (mapped, or a cost share), else revenue. */
export function objectiveFor(catalog: Catalog): PricingSettings['objective'] {
  return catalog.items.length > 0 && catalog.items.every((it) => it.cost !== null) ? 'margin' : 'revenue'
}

/** The panel a model prices on: its digest's rows, else the panel given (its levels and names are the same). */
export function pricingPanel(m: PricingModel): Panel {
  const panel = m.digest?.panel ?? m.panel
  if (!panel) throw new PricingError(`elasticity run ${m.report.run_id} came without its data`)
  return panel
}

/** The model's digest (refused when it was made for other items than asked), or its panel's. */
function digestOf(m: PricingModel, rows: PricingRows): PricingDigest {
  if (m.digest) {
    if (JSON.stringify(m.digest.itemBy) !== JSON.stringify(rows.itemBy))
      throw new PricingError(
        `the pricing digest was made for items by ${JSON.stringify(m.digest.itemBy)}, not ${JSON.stringify(rows.itemBy)}`
      )
    return m.digest
  }
  return digestFor(pricingPanel(m), rows)
}

/**
 * One optimization run. On the sample data the generator's true demand also
 * scores the result: the true revenue (or margin) of the recommended prices as a
 * share of the true optimum found by the same optimizer within the same
 * guardrails, and the true change over today's prices.
 */
export async function runPricing(
  db: Db,
  m: PricingModel,
  settings: PricingSettings,
  pause?: () => Promise<void>,
  now: () => number = Date.now,
  itemBy?: ItemBy,
  o: { objectiveFromCosts?: boolean } & AlongTheCorner = {}
): Promise<PricingRun> {
  const t0 = now()
  const ctx = pricingContext(db, m, costInputsOf(settings), {
    pause,
    demand: settings.demand,
    itemBy,
    ignoreCross: settings.ignore_cross
  })
  if (o.objectiveFromCosts) settings = { ...settings, objective: objectiveFor(ctx.catalog) }
  const sheets: { list: { strategy: string; prices: Float64Array }[] } = { list: [] }
  const rec = await recommendPrices(
    ctx.catalog,
    ctx.demand,
    ctx.elasticities,
    settings,
    ctx.label,
    ctx.kind,
    ctx.itemRange,
    sheets,
    { cornerElsewhere: o.cornerElsewhere, meanwhile: o.meanwhile }
  )
  const truth = await scoreAgainstTruth(db, ctx.catalog, settings, rec, sheets.list)
  const costs = ctx.catalog.costs
  return {
    ...rec,
    warnings: costs ? [...costWarnings(costs), ...rec.warnings] : rec.warnings,
    ...(costs ? { costs } : {}),
    demand_label: ctx.description,
    own_source: ctx.ownSource,
    digest_source: m.digest?.source ?? null,
    run_id: null,
    elasticity_run_id: m.report.run_id as number,
    dataset: m.report.dataset,
    model: m.kind,
    settings,
    true_revenue_share_of_optimum: truth?.share ?? null,
    true_uplift_pct: truth?.trueUplift ?? null,
    true_items_below_today: truth?.below ?? null,
    rules: truth?.rules ?? null,
    created_at: new Date(t0).toISOString(),
    ms: now() - t0
  }
}
