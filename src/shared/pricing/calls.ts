/** The pricing calls: settings (guardrails, strategies), optimization, scenarios, bundles. */
import { z } from 'zod'
import { MODEL_KINDS } from '../elasticity'
import { exportedFileSchema } from '../api/common'
import { itemCostsSchema, pricingSettingsSchema, scenarioSchema } from './inputs'
import { bundleQuoteSchema, pricingRunSchema, savedScenarioSchema, scenarioResultSchema } from './results'

const datasetName = z.string().min(1).max(200)
const runIdSchema = z.number().int().positive()

export const pricingCalls = {
  /** A dataset's saved settings (added, issue 28: each dataset keeps its own); without one, the shared settings. */
  'pricing:settings': {
    input: z.strictObject({ dataset: datasetName.optional() }),
    output: pricingSettingsSchema
  },
  'pricing:saveSettings': {
    input: z.strictObject({ settings: pricingSettingsSchema, dataset: datasetName.optional() }),
    output: pricingSettingsSchema
  },
  'pricing:optimize': {
    input: z.strictObject({
      runId: z.number().int().positive().optional(),
      model: z.enum(MODEL_KINDS).optional(),
      settings: pricingSettingsSchema.optional(),
      /** false: these settings apply to this run only (the CLI); default true (the Pricing page saves them). */
      save: z.boolean().optional(),
      /** Columns whose combination is the item (e.g. store, brand); default: the item column, else the segment. */
      itemBy: z.array(z.string().min(1).max(200)).min(1).max(5).optional(),
      /** true: the objective follows the data (margin where every item has a cost, else revenue). */
      objectiveFromCosts: z.boolean().optional(),
      /**
       * Added (issue 33): the sheet's CSV is written while the corner curve runs, for a `pricing:export` of
       * this run with the same `bom` that follows (the CLI's --out): that export then only stages the file.
       */
      prepareExport: z.strictObject({ bom: z.boolean() }).optional()
    }),
    output: pricingRunSchema
  },
  /**
   * Reads a per-item cost table (CSV text: an item column and a cost column) for the settings'
   * `item_costs`; a bad file is refused with its file, line and column. `dataset` adds its item
   * and segment columns to the item column names accepted.
   */
  'pricing:readCosts': {
    input: z.strictObject({
      file: z.string().min(1).max(1000),
      text: z.string().max(64 * 1024 * 1024),
      dataset: z.string().min(1).max(200).optional()
    }),
    output: itemCostsSchema
  },
  /** The latest pricing run, of one dataset when given (added, issue 28: the Pricing page restores it). */
  'pricing:run': {
    input: z.strictObject({ dataset: datasetName.optional() }),
    output: pricingRunSchema.nullable()
  },
  /** The price sheet as CSV: of the run given (added, issue 28: the sheet on screen), else the latest. */
  'pricing:export': {
    input: z.strictObject({ bom: z.boolean().optional(), runId: runIdSchema.optional() }),
    output: exportedFileSchema
  },
  /** The price sheet as a workbook (.xlsx): price sheet, live what-if formulas, assumptions, scenarios. */
  'pricing:exportWorkbook': {
    input: z.strictObject({ runId: runIdSchema.optional() }),
    output: exportedFileSchema
  },
  'pricing:scenarios': { input: z.strictObject({}), output: z.array(savedScenarioSchema) },
  'pricing:saveScenario': {
    input: z.strictObject({ scenario: scenarioSchema }),
    output: z.array(savedScenarioSchema)
  },
  'pricing:deleteScenario': {
    input: z.strictObject({ name: z.string().min(1).max(100) }),
    output: z.array(savedScenarioSchema)
  },
  'pricing:compare': {
    input: z.strictObject({
      names: z.array(z.string().min(1).max(100)).min(1).max(4).optional(),
      scenarios: z.array(scenarioSchema).min(1).max(4).optional(),
      items: z.boolean().optional()
    }),
    output: z.array(scenarioResultSchema)
  },
  'pricing:bundle': {
    input: z.strictObject({
      items: z.array(z.string().min(1).max(200)).min(2).max(50),
      discount: z.number().min(0).lt(1)
    }),
    output: bundleQuoteSchema
  }
} as const
