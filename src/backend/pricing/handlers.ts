/** The pricing calls: settings, optimization, the price sheet and workbook, scenarios, bundles. */
import { renameSync, rmSync } from 'node:fs'
import {
  deleteScenario,
  findScenario,
  latestPricingRun,
  listScenarios,
  loadSettings,
  saveScenario,
  savePricingRun,
  saveSettings
} from '../../core/pricing/store'
import { pricingContext, pricingPanel, runPricing } from '../../core/pricing/run'
import { priceSheetCsvPieces } from '../../core/pricing/price-sheet'
import { readCostTable } from '../../core/pricing/cost-table'
import { findDataset } from '../../core/data/datasets'
import { TOKENS } from '../../core/pricing/units'
import { PricingError } from '../../core/pricing/optimize'
import { SAMPLE_DATASET } from '../../core/elasticity/panel'
import { checkChanges, ScenarioError } from '../../core/pricing/scenarios'
import type { PriceRow, PriceUnit, PricingRun, ScenarioSpec } from '../../shared/pricing'
import { quoteBundle } from '../../core/pricing/strategies'
import { workbookInput } from '../../core/pricing/workbook/from-run'
import { sheetCrossTerms } from '../../core/pricing/cross-demand'
import type { ApiName } from '../../shared/api'
import type { Handler, HandlerMap } from '../context'
import { exportPath, saveExportWith } from '../exports'
import { writeTextFile } from '../text-file'
import { packRunBody, rowsJsonAhead, type RowsAhead } from './run-body-pack'
import { NotFoundError } from '../project'
import {
  latestSheet,
  pricingModel,
  rememberPreparedSheet,
  rememberSaved,
  takePreparedSheet,
  runElasticities,
  savedKind,
  scenarioColumns,
  scenarioForecaster,
  scenarioRunId,
  yieldToLoop
} from './service'

type PricingCall = Extract<ApiName, `pricing:${string}`>

/** The saved pricing settings. */
export const pricingSettings: Handler<'pricing:settings'> = async ({ dataset }, ctx) =>
  loadSettings(ctx.project().reader, dataset)

/** Optimizes the prices on a saved elasticity run and saves the price sheet (and the settings, unless told not to). */
export const optimizePricing: Handler<'pricing:optimize'> = async (
  { runId, model: kind, settings, save, itemBy, objectiveFromCosts, prepareExport },
  ctx
) => {
  const m = await pricingModel(ctx, runId ?? null, kind ?? null, itemBy)
  // The settings are the priced dataset's own: another dataset's guardrails and costs never apply.
  const s = settings ?? loadSettings(ctx.project().reader, m.report.dataset)
  let rowsAhead: RowsAhead | undefined
  let sheetFile: string | undefined
  // A sheet written ahead that no export will take (a refused sheet, a failed save) is deleted at once.
  const dropSheet = () => {
    if (sheetFile) rmSync(sheetFile, { force: true })
    sheetFile = undefined
  }
  let run: PricingRun
  let id: number
  try {
    run = await runPricing(ctx.project().reader, m, s, yieldToLoop, undefined, itemBy, {
      objectiveFromCosts,
      // The corner curve's re-optimizations also on the idle training workers: their cores are idle meanwhile.
      cornerElsewhere: {
        run: (job, signal) => ctx.pool.run((api) => api.cornerPrices(job), signal),
        // Read when jobs are sent: the jobs sent ahead (corner.ts) may hold the workers by then.
        get threads() {
          return ctx.pool.idleWorkers
        }
      },
      // …and this thread writes and deflates the rows' JSON meanwhile (~1 s at 96k items), not after the curve.
      meanwhile: async (rows, sheet) => {
        rowsAhead = await rowsJsonAhead(rows, { keep: ctx.app.mode === 'cli' })
        // The export asked for, written now too: the export call then only stages it (exportPriceSheet).
        if (prepareExport) {
          sheetFile = exportPath('price-sheet.csv')
          writeSheetCsv(sheetFile, rows, prepareExport.bom, m.report.dataset, sheet.unit, sheet.segmentName)
        }
      }
    })
    // Packed outside the write transaction (deflated on libuv's threads): the transaction only inserts bytes.
    // The CLI (whose process ends after its report) keeps the rows' bytes for its --json: serialized once.
    const body = await packRunBody(run, { keepRows: ctx.app.mode === 'cli', rowsAhead })
    id = await ctx.project().lockWrite((db) => {
      // The settings as run: an objective that followed the data is saved as the one it became.
      // Saved as the dataset's own and as the project's last settings (what `pricing:settings` without a dataset reads).
      if (save !== false) {
        saveSettings(db, run.settings, m.report.dataset)
        saveSettings(db, run.settings)
      }
      return savePricingRun(db, run, body)
    })
    // A refused sheet is never exported (exportPriceSheet refuses it).
    if (run.refused) dropSheet()
  } catch (e) {
    dropSheet()
    throw e
  }
  const saved = { ...run, run_id: id }
  // The export that usually follows (the CLI's) takes the sheet from memory instead of reading it back.
  rememberSaved(ctx.project(), saved)
  if (sheetFile && prepareExport)
    rememberPreparedSheet(ctx.project(), { runId: id, bom: prepareExport.bom, path: sheetFile })
  return saved
}

/** The latest price sheet as CSV; a sheet that predicts less than today's prices is refused. */
export const exportPriceSheet: Handler<'pricing:export'> = async ({ bom, runId }, ctx) => {
  const run = latestSheet(ctx, runId)
  // Do no harm: a sheet that predicts less than today's prices is never written (nor written ahead: optimize
  // deletes a refused sheet's file at once).
  if (run.refused) throw new PricingError(`price sheet not exported: ${run.refused}`)
  const name = `price-sheet-run${run.run_id}.csv`
  const ready = run.run_id === null ? null : takePreparedSheet(ctx.project(), run.run_id, bom ?? false)
  // Written with the run (optimize's prepareExport): the same sheet, staged under its name.
  if (ready) return saveExportWith(ctx.files, name, (path) => renameSync(ready, path), run.rows.length)
  return saveExportWith(
    ctx.files,
    name,
    // Runs saved before units were recorded are the sample's, in tokens.
    (path) =>
      writeSheetCsv(path, run.rows, bom ?? false, run.dataset, run.unit ?? TOKENS, run.segment_name ?? null),
    run.rows.length
  )
}

/** A price sheet's CSV at `path`, written a block of lines at a time. */
function writeSheetCsv(
  path: string,
  rows: readonly PriceRow[],
  bom: boolean,
  dataset: string,
  unit: PriceUnit,
  segmentName: string | null
): void {
  writeTextFile(path, priceSheetCsvPieces(rows, bom, dataset === SAMPLE_DATASET, unit, segmentName))
}

/** The latest price sheet as a workbook (.xlsx) with its scenarios. */
export const exportPriceWorkbook: Handler<'pricing:exportWorkbook'> = async ({ runId }, ctx) => {
  const run = latestSheet(ctx, runId)
  if (run.refused) throw new PricingError(`price workbook not exported: ${run.refused}`)
  const m = await pricingModel(ctx, run.elasticity_run_id, savedKind(run.model))
  const scenarios = await scenarioColumns(ctx)
  const input = workbookInput(run, {
    report: m.report,
    segments: runElasticities(run, m),
    segmentName: pricingPanel(m).segmentName,
    scenarios,
    cross: sheetCrossTerms(ctx.project().reader, m.report, run.rows, run.settings.ignore_cross ?? false)
  })
  // Loaded on use: the workbook writer is never on a start-up path.
  const [{ priceWorkbook }, { writeZip }] = await Promise.all([
    import('../../core/pricing/workbook/build'),
    import('../zip-writer')
  ])
  return saveExportWith(
    ctx.files,
    `price-workbook-run${run.run_id}.xlsx`,
    (path) => writeZip(path, priceWorkbook(input)),
    run.rows.length
  )
}

/** A per-item cost table read for the settings' item_costs; the dataset's item and segment columns are accepted names. */
export const readCosts: Handler<'pricing:readCosts'> = async ({ file, text, dataset }, ctx) => {
  const roles = dataset ? findDataset(ctx.project().reader, dataset)?.roles : undefined
  const names = [roles?.item, ...(roles?.segments ?? [])].filter((x): x is string => typeof x === 'string')
  return readCostTable(text, file, names)
}

export const pricingHandlers = {
  'pricing:settings': pricingSettings,
  'pricing:saveSettings': async ({ settings, dataset }, ctx) => {
    await ctx.project().lockWrite((db) => saveSettings(db, settings, dataset))
    return settings
  },
  'pricing:optimize': optimizePricing,
  'pricing:readCosts': async ({ file, text, dataset }, ctx) => {
    const roles = dataset ? findDataset(ctx.project().reader, dataset)?.roles : undefined
    const names = [roles?.item, ...(roles?.segments ?? [])].filter((x): x is string => typeof x === 'string')
    return readCostTable(text, file, names)
  },
  'pricing:run': async ({ dataset }, ctx) => latestPricingRun(ctx.project().reader, dataset),
  'pricing:export': exportPriceSheet,
  'pricing:exportWorkbook': exportPriceWorkbook,
  'pricing:scenarios': async (_args, ctx) => listScenarios(ctx.project().reader),
  'pricing:saveScenario': async ({ scenario }, ctx) => {
    // Checked against its own dataset's items (a change naming another dataset's item is refused).
    const m = await pricingModel(ctx, scenarioRunId(ctx, scenario), scenario.model)
    const pc = pricingContext(ctx.project().reader, m, null)
    if (scenario.kind === 'changes') checkChanges(pc.catalog, scenario.changes)
    await ctx.project().lockWrite((db) => saveScenario(db, scenario, new Date().toISOString()))
    return listScenarios(ctx.project().reader)
  },
  'pricing:deleteScenario': async ({ name }, ctx) => {
    const gone = await ctx.project().lockWrite((db) => deleteScenario(db, name))
    if (!gone) throw new NotFoundError(`no scenario named "${name}"`)
    return listScenarios(ctx.project().reader)
  },
  'pricing:compare': async ({ names, scenarios, items }, ctx) => {
    const specs: ScenarioSpec[] = [...(scenarios ?? [])]
    for (const n of names ?? []) {
      const s = findScenario(ctx.project().reader, n)
      if (!s) throw new NotFoundError(`no scenario named "${n}"`)
      specs.push(s)
    }
    if (!specs.length) throw new ScenarioError('name up to four scenarios to compare')
    if (specs.length > 4) throw new ScenarioError('compare at most four scenarios at a time')
    const forecast = scenarioForecaster(ctx)
    const out = []
    for (const spec of specs) {
      const r = await forecast(spec)
      out.push(items ? r : { ...r, items: [] })
    }
    return out
  },
  'pricing:bundle': async ({ items, discount }, ctx) => {
    const run = latestSheet(ctx)
    const byId = new Map(run.rows.map((r) => [r.item_id, r]))
    const m = await pricingModel(ctx, run.elasticity_run_id, savedKind(run.model))
    // The elasticities the sheet was priced with (service.ts runElasticities).
    const el = runElasticities(run, m)
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
} satisfies HandlerMap<PricingCall>
