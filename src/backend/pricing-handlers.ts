import type { ExportedFile } from '../shared/api'
import { MODEL_KINDS, type ModelKind } from '../core/elasticity/models'
import type { PredictorCache } from './predictor-cache'
import { NotFoundError, type ProjectSession } from './project'
import { pricingContext, runPricing, type PricingModel } from '../core/pricing/run'
import {
  deleteScenario,
  findScenario,
  latestPricingRun,
  listScenarios,
  loadSettings,
  saveScenario,
  savePricingRun,
  saveSettings
} from '../core/pricing/store'
import { priceSheetCsv } from '../core/pricing/price-sheet'
import { TOKENS } from '../core/pricing/units'
import { pricingElasticities, type SourcedElasticity } from '../core/pricing/causal-demand'
import { PricingError } from '../core/pricing/optimize'
import { SAMPLE_DATASET } from '../core/elasticity/panel'
import { checkChanges, forecastScenario, scenarioPrices, ScenarioError } from '../core/pricing/scenarios'
import type { ScenarioSpec, PricingRun } from '../shared/pricing'
import { quoteBundle } from '../core/pricing/strategies'
import { DEFAULT_POLICY, medianListPrice, personalizedOffers } from '../core/propensity/offers'
import type { PropensityRun } from '../core/propensity/registry'
import type { Handlers } from './backend'
import { scenarioColumn, unforecastable, workbookInput } from '../core/pricing/workbook/from-run'
import { sheetCrossTerms } from '../core/pricing/cross-demand'

/** The elasticities a run priced with: the recommended ones on the causal curve, else the model's own. */
function runElasticities(run: PricingRun, m: PricingModel): Map<string, SourcedElasticity> {
  if (run.demand === 'causal') return pricingElasticities(m.report, run.model)
  const own = m.report.models.find((x) => x.name === run.model)
  return new Map(
    (own?.segments ?? []).map((s) => [
      s.segment,
      { elasticity: s.elasticity, ci_low: s.ci_low, ci_high: s.ci_high, from: own?.label ?? run.model }
    ])
  )
}

export interface PricingDeps {
  project(): ProjectSession
  predictors: PredictorCache
  saveExport(name: string, csv: string, rows: number): ExportedFile
  /** Stages a file that `write` puts at the given path (a workbook). */
  saveExportWith(name: string, write: (path: string) => void, rows: number): ExportedFile
  propensityRun(enrollmentFor?: string): PropensityRun
}

type PricingCall = Extract<keyof Handlers, `pricing:${string}`>

/** The model name of a sheet priced on the items' recent levels (no model predicts better than the item mean). */
const RECENT = 'recent_level'

/** A saved run's model: a model kind or RECENT; anything else is named in the error (predictor-cache refuses it). */
function savedKind(model: string): ModelKind | typeof RECENT {
  if (model === RECENT) return RECENT
  const kind = MODEL_KINDS.find((k) => k === model)
  if (!kind) throw new NotFoundError(`the latest price sheet was priced with an unknown model "${model}"`)
  return kind
}

/** Lets the event loop run between model chunks, so a long optimization never freezes the window. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The pricing calls: validate (done by dispatch) → core → result; the project keeps settings, runs and scenarios. */
export function pricingHandlers(d: PricingDeps): Pick<Handlers, PricingCall> {
  /** The model a pricing run saved (a model kind, or RECENT when no model predicted); null: the elasticity run's best. */
  const model = async (
    runId: number | null,
    kind: ModelKind | typeof RECENT | null
  ): Promise<PricingModel> => {
    if (kind === null || kind === RECENT) {
      // No model crowned (none beats the item mean): price on the items' recent levels.
      const { run, panel } = await d.predictors.runAndPanel(runId)
      if (!run.best_model) return { report: run, kind: RECENT, panel, model: null }
      kind = null
    }
    const ctx = await d.predictors.get(runId, kind)
    return { report: ctx.run, kind: ctx.kind, panel: ctx.panel, model: ctx.model }
  }
  const latest = () => {
    const run = latestPricingRun(d.project().reader)
    if (!run) throw new NotFoundError('no optimized prices yet: run the optimizer on the Pricing page first')
    return run
  }
  /** The prices a scenario sets, from its changes, the latest optimization, or the personalized offers. */
  const pricesOf = (spec: ScenarioSpec, ctx: ReturnType<typeof pricingContext>) => {
    if (spec.kind === 'optimized') {
      const byId = new Map(latest().rows.map((r) => [r.item_id, r.recommended_price]))
      return Float64Array.from(ctx.catalog.items, (it) => byId.get(it.id) ?? it.current_price)
    }
    if (spec.kind === 'personalized') {
      const run = d.propensityRun('personalized prices')
      const db = d.project().reader
      const offers = personalizedOffers(db, run.run_id, {
        ...DEFAULT_POLICY,
        referencePrice: medianListPrice(db)
      })
      const w = offers.reduce((s, o) => s + o.expected_conversion, 0)
      const pct = w > 0 ? -offers.reduce((s, o) => s + o.discount_pct * o.expected_conversion, 0) / w : 0
      return scenarioPrices(ctx.catalog, [{ scope: 'all', key: null, change_pct: pct }])
    }
    checkChanges(ctx.catalog, spec.changes)
    return scenarioPrices(ctx.catalog, spec.changes)
  }
  /** Forecasts scenarios; those on the same model share its catalog and demand curve. */
  const scenarioForecaster = () => {
    const settings = loadSettings(d.project().reader)
    const contexts = new Map<string, ReturnType<typeof pricingContext>>()
    return async (spec: ScenarioSpec) => {
      // Scenarios on the same model, demand curve and cross setting share one catalog and demand system.
      const key = `${spec.model ?? 'best'}|${spec.demand ?? 'causal'}|${spec.ignore_cross ? 'own' : 'cross'}`
      let ctx = contexts.get(key)
      if (!ctx) {
        const m = await model(null, spec.model)
        ctx = pricingContext(d.project().reader, m, settings.cost_share, {
          pause: yieldToLoop,
          demand: spec.demand ?? 'causal',
          ignoreCross: spec.ignore_cross ?? false
        })
        contexts.set(key, ctx)
      }
      return forecastScenario(spec, ctx.catalog, pricesOf(spec, ctx), ctx.demand, ctx.elasticities, ctx.label)
    }
  }
  /** The saved scenarios, forecast for the workbook; one that cannot be forecast says why in its column. */
  const scenarioColumns = async () => {
    const forecast = scenarioForecaster()
    const out = []
    for (const spec of listScenarios(d.project().reader)) {
      try {
        out.push(scenarioColumn(spec, await forecast(spec)))
      } catch (e) {
        out.push(unforecastable(spec.name, (e as Error).message))
      }
    }
    return out
  }
  return {
    'pricing:settings': async () => loadSettings(d.project().reader),
    'pricing:saveSettings': async ({ settings }) => {
      await d.project().lockWrite((db) => saveSettings(db, settings))
      return settings
    },
    'pricing:optimize': async ({ runId, model: kind, settings, save, itemBy, objectiveFromCosts }) => {
      const s = settings ?? loadSettings(d.project().reader)
      const m = await model(runId ?? null, kind ?? null)
      const run = await runPricing(d.project().reader, m, s, yieldToLoop, undefined, itemBy, {
        objectiveFromCosts
      })
      const id = await d.project().lockWrite((db) => {
        // The settings as run: an objective that followed the data is saved as the one it became.
        if (save !== false) saveSettings(db, run.settings)
        return savePricingRun(db, run)
      })
      return { ...run, run_id: id }
    },
    'pricing:run': async () => latestPricingRun(d.project().reader),
    'pricing:export': async ({ bom }) => {
      const run = latest()
      // Do no harm: a sheet that predicts less than today's prices is never written.
      if (run.refused) throw new PricingError(`price sheet not exported: ${run.refused}`)
      return d.saveExport(
        `price-sheet-run${run.run_id}.csv`,
        // Runs saved before units were recorded are the sample's, in tokens.
        priceSheetCsv(
          run.rows,
          bom ?? false,
          run.dataset === SAMPLE_DATASET,
          run.unit ?? TOKENS,
          run.segment_name ?? null
        ),
        run.rows.length
      )
    },
    'pricing:exportWorkbook': async () => {
      const run = latest()
      if (run.refused) throw new PricingError(`price workbook not exported: ${run.refused}`)
      const m = await model(run.elasticity_run_id, savedKind(run.model))
      const scenarios = await scenarioColumns()
      const input = workbookInput(run, {
        report: m.report,
        segments: runElasticities(run, m),
        segmentName: m.panel.segmentName,
        scenarios,
        cross: sheetCrossTerms(d.project().reader, m.report, run.rows, run.settings.ignore_cross ?? false)
      })
      // Loaded on use: the workbook writer is never on a start-up path.
      const [{ priceWorkbook }, { writeZip }] = await Promise.all([
        import('../core/pricing/workbook/build'),
        import('./zip-writer')
      ])
      return d.saveExportWith(
        `price-workbook-run${run.run_id}.xlsx`,
        (path) => writeZip(path, priceWorkbook(input)),
        run.rows.length
      )
    },
    'pricing:scenarios': async () => listScenarios(d.project().reader),
    'pricing:saveScenario': async ({ scenario }) => {
      const m = await model(null, scenario.model)
      const ctx = pricingContext(d.project().reader, m, null)
      if (scenario.kind === 'changes') checkChanges(ctx.catalog, scenario.changes)
      await d.project().lockWrite((db) => saveScenario(db, scenario, new Date().toISOString()))
      return listScenarios(d.project().reader)
    },
    'pricing:deleteScenario': async ({ name }) => {
      const gone = await d.project().lockWrite((db) => deleteScenario(db, name))
      if (!gone) throw new NotFoundError(`no scenario named "${name}"`)
      return listScenarios(d.project().reader)
    },
    'pricing:compare': async ({ names, scenarios, items }) => {
      const specs: ScenarioSpec[] = [...(scenarios ?? [])]
      for (const n of names ?? []) {
        const s = findScenario(d.project().reader, n)
        if (!s) throw new NotFoundError(`no scenario named "${n}"`)
        specs.push(s)
      }
      if (!specs.length) throw new ScenarioError('name up to four scenarios to compare')
      if (specs.length > 4) throw new ScenarioError('compare at most four scenarios at a time')
      const forecast = scenarioForecaster()
      const out = []
      for (const spec of specs) {
        const r = await forecast(spec)
        out.push(items ? r : { ...r, items: [] })
      }
      return out
    },
    'pricing:bundle': async ({ items, discount }) => {
      const run = latest()
      const byId = new Map(run.rows.map((r) => [r.item_id, r]))
      const m = await model(run.elasticity_run_id, savedKind(run.model))
      // The elasticity the sheet was priced with: the recommended one on the causal curve, else the model's own.
      const el =
        run.demand === 'causal'
          ? pricingElasticities(m.report, run.model)
          : new Map(
              m.report.models
                .find((x) => x.name === run.model)
                ?.segments.map((s) => [s.segment, { elasticity: s.elasticity }])
            )
      const seg = new Map([...el].map(([k, v]) => [k, v.elasticity]))
      const members = items.map((id) => {
        const r = byId.get(id)
        if (!r) throw new NotFoundError(`no item "${id}" in the latest price sheet`)
        return {
          id,
          price: r.recommended_price,
          quantity: r.enrollments_after,
          elasticity: seg.get(r.category) ?? -1
        }
      })
      return quoteBundle(members, discount)
    }
  }
}
