/** What the pricing calls share: the model a run priced with, the latest sheet, scenario forecasts. */
import { rmSync } from 'node:fs'
import { costInputsOf } from '../../core/pricing/costs'
import { MODEL_KINDS, type ModelKind } from '../../shared/elasticity'
import { pricingContext, type PricingContext, type PricingModel } from '../../core/pricing/run'
import {
  latestPricingRun,
  listScenarios,
  loadSettings,
  pricingRunById,
  runAsSaved
} from '../../core/pricing/store'
import type { PricingRun, ScenarioSpec } from '../../shared/pricing'
import {
  jointOwnElasticities,
  pricingElasticities,
  type SourcedElasticity
} from '../../core/pricing/causal-demand'
import { checkChanges, forecastScenario, scenarioPrices } from '../../core/pricing/scenarios'
import { DEFAULT_POLICY, medianListPrice, personalizedOffers } from '../../core/propensity/offers'
import { scenarioColumn, unforecastable } from '../../core/pricing/workbook/from-run'
import type { HandlerContext } from '../context'
import type { ProjectSession } from '../project'
import type { ItemBy } from '../../core/pricing/catalog'
import { NotFoundError } from '../project'
import { propensityRun } from '../propensity/runs'
import { latestRunId } from '../../core/elasticity/registry'

/**
 * The elasticities a run priced with: on the causal curve the recommended ones, or those estimated
 * jointly with the cross terms where the run applied them (\`own_source\` cross_own); else the model's own.
 */
export function runElasticities(run: PricingRun, m: PricingModel): Map<string, SourcedElasticity> {
  if (run.demand === 'causal') {
    const rec = pricingElasticities(m.report, run.model)
    return run.own_source === 'cross_own' ? jointOwnElasticities(m.report, rec).el : rec
  }
  const own = m.report.models.find((x) => x.name === run.model)
  return new Map(
    (own?.segments ?? []).map((s) => [
      s.segment,
      { elasticity: s.elasticity, ci_low: s.ci_low, ci_high: s.ci_high, from: own?.label ?? run.model }
    ])
  )
}

/** The model name of a sheet priced on the items' recent levels (no model predicts better than the item mean). */
export const RECENT = 'recent_level'

/** A saved run's model: a model kind or RECENT; anything else is named in the error (predictor-cache refuses it). */
export function savedKind(model: string): ModelKind | typeof RECENT {
  if (model === RECENT) return RECENT
  const kind = MODEL_KINDS.find((k) => k === model)
  if (!kind) throw new NotFoundError(`the latest price sheet was priced with an unknown model "${model}"`)
  return kind
}

/** Lets the event loop run between model chunks, so a long optimization never freezes the window. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The model a pricing run saved (a model kind, or RECENT when no model predicted); null: the elasticity
 * run's best. Its data is pricing's per-item digest for these items (itemBy absent: the dataset's own).
 */
export async function pricingModel(
  ctx: HandlerContext,
  runId: number | null,
  kind: ModelKind | typeof RECENT | null,
  itemBy?: ItemBy
): Promise<PricingModel> {
  const recent = kind === null || kind === RECENT
  // The model first (a run without it is refused before its data is read), unless none is crowned.
  const p =
    recent && !ctx.predictors.run(runId).best_model ? null : ctx.predictors.model(runId, recent ? null : kind)
  const { run, digest } = await ctx.predictors.runAndDigest(runId, itemBy)
  // No model crowned (none beats the item mean): price on the items' recent levels.
  if (!p) return { report: run, kind: RECENT, digest, model: null }
  return { report: p.run, kind: p.kind, digest, model: p.model }
}

/**
 * The run this session saved last, while nothing has been written since: the CLI exports the sheet it has
 * just optimized, and reading 90 MB of JSON back (100k items) cost seconds. Kept only where reading it back
 * would give the same value (`runAsSaved`).
 */
const justSaved = new WeakMap<ProjectSession, { writes: number; run: PricingRun }>()

/** Remembers a run just saved (its id set), for `latestSheet`; call it right after the write that saved it. */
export function rememberSaved(session: ProjectSession, run: PricingRun): void {
  const same = runAsSaved(run)
  if (same) justSaved.set(session, { writes: session.writes, run: same })
  else justSaved.delete(session)
}

/** The run saved last by this session, when it is `runId` and the project has not been written since. */
function savedRun(session: ProjectSession, runId: number): PricingRun | null {
  const m = justSaved.get(session)
  return m && m.writes === session.writes && m.run.run_id === runId ? m.run : null
}

/** A sheet's CSV written with its run (`prepareExport`), for the export of that run that follows. */
interface PreparedSheet {
  writes: number
  runId: number
  bom: boolean
  path: string
}
const preparedSheets = new WeakMap<ProjectSession, PreparedSheet>()

/** Remembers the CSV written with a run just saved; call it right after the write that saved it. */
export function rememberPreparedSheet(session: ProjectSession, p: Omit<PreparedSheet, 'writes'>): void {
  dropPreparedSheet(session)
  preparedSheets.set(session, { ...p, writes: session.writes })
}

/**
 * The CSV written with run `runId` with this `bom`, taken once, while nothing has been written since (the
 * same sheet an export would write now); null otherwise, and a file that is not that one is deleted.
 */
export function takePreparedSheet(session: ProjectSession, runId: number, bom: boolean): string | null {
  const p = preparedSheets.get(session)
  if (p && p.writes === session.writes && p.runId === runId && p.bom === bom) {
    preparedSheets.delete(session)
    return p.path
  }
  dropPreparedSheet(session)
  return null
}

function dropPreparedSheet(session: ProjectSession): void {
  const p = preparedSheets.get(session)
  preparedSheets.delete(session)
  if (p) rmSync(p.path, { force: true })
}

/** The price sheet of a run (the one on screen), else the latest; refused when there is no such run. */
export function latestSheet(ctx: HandlerContext, runId?: number): PricingRun {
  const db = ctx.project().reader
  if (runId !== undefined) {
    const run = savedRun(ctx.project(), runId) ?? pricingRunById(db, runId)
    if (!run) throw new NotFoundError(`pricing run ${runId} does not exist`)
    return run
  }
  const run = latestPricingRun(db)
  if (!run) throw new NotFoundError('no optimized prices yet: run the optimizer on the Pricing page first')
  return run
}

/**
 * The latest elasticity run of a scenario's dataset: its models forecast the scenario, never another dataset's.
 * A scenario without a dataset (the CLI's, or saved before datasets were recorded) uses the project's latest run.
 */
export function scenarioRunId(ctx: HandlerContext, spec: ScenarioSpec): number {
  const run = latestRunId(ctx.project().reader, spec.dataset)
  if (run === null)
    throw new NotFoundError(
      spec.dataset
        ? `scenario "${spec.name}": ${spec.dataset} has no trained demand models yet: train them on the Elasticity page first`
        : 'no trained model yet: train the models on the Elasticity page first'
    )
  return run
}

/** The latest price sheet of a dataset (an "optimized" scenario's prices), never another dataset's. */
export function datasetSheet(ctx: HandlerContext, spec: ScenarioSpec, dataset: string): PricingRun {
  const run = latestPricingRun(ctx.project().reader, dataset)
  if (!run)
    throw new NotFoundError(
      `scenario "${spec.name}": no optimized prices for ${dataset} yet: optimize it on the Pricing page first`
    )
  return run
}

/** The prices a scenario sets, from its changes, its dataset's latest sheet, or the personalized offers. */
function pricesOf(
  ctx: HandlerContext,
  spec: ScenarioSpec,
  pc: PricingContext,
  sheet: PricingRun | null
): Float64Array {
  if (spec.kind === 'optimized' && sheet) {
    const byId = new Map(sheet.rows.map((r) => [r.item_id, r.recommended_price]))
    return Float64Array.from(pc.catalog.items, (it) => byId.get(it.id) ?? it.current_price)
  }
  if (spec.kind === 'personalized') {
    const run = propensityRun(ctx.project(), 'personalized prices')
    const db = ctx.project().reader
    const offers = personalizedOffers(db, run.run_id, {
      ...DEFAULT_POLICY,
      referencePrice: medianListPrice(db)
    })
    const w = offers.reduce((s, o) => s + o.expected_conversion, 0)
    const pct = w > 0 ? -offers.reduce((s, o) => s + o.discount_pct * o.expected_conversion, 0) / w : 0
    return scenarioPrices(pc.catalog, [{ scope: 'all', key: null, change_pct: pct }])
  }
  checkChanges(pc.catalog, spec.changes)
  return scenarioPrices(pc.catalog, spec.changes)
}

/** Forecasts scenarios; those on the same model share its catalog and demand curve. */
export function scenarioForecaster(
  ctx: HandlerContext
): (spec: ScenarioSpec) => ReturnType<typeof forecastScenario> {
  const contexts = new Map<string, { pc: PricingContext; dataset: string }>()
  return async (spec: ScenarioSpec) => {
    // Scenarios of one dataset on the same model, demand curve and cross setting share one catalog and demand.
    const runId = scenarioRunId(ctx, spec)
    const key = `${runId}|${spec.model ?? 'best'}|${spec.demand ?? 'causal'}|${spec.ignore_cross ? 'own' : 'cross'}`
    let shared = contexts.get(key)
    if (!shared) {
      const m = await pricingModel(ctx, runId, spec.model)
      // The dataset's own settings (costs), as its sheet was priced with.
      const settings = loadSettings(ctx.project().reader, m.report.dataset)
      const made = pricingContext(
        ctx.project().reader,
        m,
        { ...costInputsOf(settings), strict: false },
        {
          pause: yieldToLoop,
          demand: spec.demand ?? 'causal',
          ignoreCross: spec.ignore_cross ?? false
        }
      )
      shared = { pc: made, dataset: m.report.dataset }
      contexts.set(key, shared)
    }
    // An optimized scenario forecasts its dataset's latest sheet (the dataset of the run that forecasts it).
    const { pc, dataset } = shared
    const sheet = spec.kind === 'optimized' ? datasetSheet(ctx, spec, dataset) : null
    const prices = pricesOf(ctx, spec, pc, sheet)
    const result = await forecastScenario(spec, pc.catalog, prices, pc.demand, pc.elasticities, pc.label)
    if (!sheet) return result
    const note = `prices of ${dataset}'s price sheet (run ${sheet.run_id})`
    return { ...result, sheet_run_id: sheet.run_id ?? null, notes: [note, ...result.notes] }
  }
}

/** The saved scenarios, forecast for the workbook; one that cannot be forecast says why in its column. */
export async function scenarioColumns(ctx: HandlerContext): Promise<ReturnType<typeof scenarioColumn>[]> {
  const forecast = scenarioForecaster(ctx)
  const out = []
  for (const spec of listScenarios(ctx.project().reader)) {
    try {
      out.push(scenarioColumn(spec, await forecast(spec)))
    } catch (e) {
      out.push(unforecastable(spec.name, (e as Error).message))
    }
  }
  return out
}
