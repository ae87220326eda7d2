/**
 * THE API contract: every call the renderer (or the CLI, or a test) can make, its
 * input schema (validated at every boundary: IPC, HTTP) and its result type. The
 * Electron preload, the browser-mode client, the main-side handlers and the
 * browser-mode server all compile against this file, so renaming a call breaks the
 * build everywhere rather than at run time. Wire message: { id, name, args }.
 */
import { z } from 'zod'
import { DATE_FORMATS, SAMPLE_KINDS, SEED_TABLES, TEXT_ENCODINGS } from './data'
import type { SampleSummary } from '../core/data/sample/kinds'
import type { TableInfo, RowPage } from '../core/data/tables'
import type { TableSummary } from '../core/data/summaries'
import type { DatasetInfo } from '../core/data/datasets'
import type { CsvPreview } from '../core/data/import/preview'
import type { ImportResult } from '../core/data/import/plan'
import type { CsvIssue } from '../core/data/csv/errors'
import { MODEL_KINDS, type ModelKind } from './elasticity'
import type { DemandPrediction } from '../core/elasticity/predict'
import { TARGETS } from './propensity'
import type { LearnerWhy, PropensityRun } from '../core/propensity/registry'
import type { CustomerPropensityRun } from '../core/propensity/customers/registry'
import type { SegmentRow } from '../core/propensity/actions'
import type { ProfitPoint } from '../core/propensity/metrics'
import type { OfferSummary } from '../core/propensity/offers'
import type { ElasticityReport } from '../core/elasticity/report'
import type { RunSummary } from '../core/elasticity/registry'
import type { PricingRun, PricingSettings } from '../core/pricing/store'
import type { ScenarioResult, ScenarioSpec } from '../core/pricing/scenarios'
import type { BundleQuote } from '../core/pricing/strategies'
import type { PlanSummary } from '../core/experiments/store'
import type { Analysis } from '../core/experiments/analyze'
import type { PipelineRun } from '../core/pipeline/study'
import type { FinishedJob, RunningJob } from './jobs'
import { DML_MODES } from './dml-mode'

const jobId = z.string().min(1).max(100)
const propensitySeed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31)
  .optional()
const filePath = z.string().min(1).max(4096)
const delimiter = z.enum([',', ';', '\t'])
const columnType = z.enum(['integer', 'number', 'date', 'text'])
const seedTable = z.enum(SEED_TABLES)

export const datasetRolesSchema = z.strictObject({
  item: z.string().optional(),
  segments: z.array(z.string()).optional(),
  period: z.string().optional(),
  price: z.string().optional(),
  quantity: z.string().optional(),
  cost: z.string().optional(),
  competitor: z.string().optional(),
  features: z.array(z.string()).optional()
})

export const importPlanSchema = z.strictObject({
  target: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('dataset'),
      name: z.string().min(1).max(100),
      roles: datasetRolesSchema,
      replace: z.boolean().optional()
    }),
    z.strictObject({ kind: z.literal('table'), table: seedTable, mode: z.enum(['append', 'replace']) })
  ]),
  columns: z
    .array(
      z.strictObject({
        source: z.string(),
        target: z.string().min(1).max(200),
        type: columnType,
        dateFormat: z.enum(DATE_FORMATS).optional()
      })
    )
    .optional(),
  delimiter: delimiter.optional(),
  decimal: z.enum(['.', ',']).optional(),
  unescapeFormulas: z.boolean().optional(),
  encoding: z.enum(TEXT_ENCODINGS).optional(),
  sheet: z.string().min(1).max(31).optional()
})

const rowQuerySchema = z.strictObject({
  table: z.string().min(1).max(200),
  offset: z.number().int().min(0),
  limit: z.number().int().min(0).max(5000),
  sort: z.strictObject({ column: z.string(), direction: z.enum(['asc', 'desc']) }).optional(),
  filters: z
    .array(
      z.strictObject({
        column: z.string(),
        op: z.enum(['contains', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'empty', 'notEmpty']),
        value: z.union([z.string(), z.number()]).optional()
      })
    )
    .max(20)
    .optional(),
  /** Optional: progress events and job:cancel for a long read (a newer sort or filter of the table cancels it anyway). */
  jobId: jobId.optional()
})

export interface AppInfo {
  version: string
  mode: 'electron' | 'browser' | 'cli'
  schemaVersion: number
  projectsDir: string
}

export interface ProjectInfo {
  path: string
  name: string
  schemaVersion: number
  sizeBytes: number
  /** Present when the project holds generated sample data. */
  sample: { seed: number; scale: number; start: string; end: string } | null
  /** Set when opening migrated an older file: where its backup copy was written. */
  backupPath: string | null
}

export interface RecentProject {
  path: string
  name: string
  openedAt: string
  exists: boolean
}

export interface StagedFile {
  fileId: string
  name: string
  size: number
}

export interface ExportedFile extends StagedFile {
  rows: number
}

/** A dataset the elasticity models can train on. */
export interface ElasticitySource {
  /** Pass as `dataset` to elasticity:train. */
  id: string
  label: string
  rows: number
  segment: string | null
  /** Features besides price the models may use (all by default). */
  controls: string[]
}

const share = z.number().min(0).max(10)
const positivePrice = z.number().positive().finite()

export const guardrailsSchema = z.strictObject({
  min_price: positivePrice.nullable(),
  max_price: positivePrice.nullable(),
  max_increase: share.nullable(),
  max_decrease: z.number().min(0).max(0.99).nullable(),
  margin_floor: share.nullable(),
  competitor_band: share.nullable(),
  competitor_band_abs: z.number().min(0).max(1e9).nullable(),
  stay_in_observed: z.boolean(),
  ladder: z.strictObject({ tiers: z.array(z.string().min(1)).min(2).max(20), min_gap: share }).nullable(),
  category_avg_change: share.nullable(),
  rounding: z.strictObject({
    rule: z.enum(['auto', 'none', 'cent', 'whole', '99', '95', '49', '9']),
    direction: z.enum(['nearest', 'up', 'down'])
  }),
  locked: z.array(z.string().min(1).max(200)).max(100_000)
})

const multiplier = z.number().positive().max(10)
export const strategiesSchema = z.strictObject({
  elasticity: z.strictObject({
    inelastic_above: z.number(),
    inelastic_mult: multiplier,
    elastic_below: z.number(),
    elastic_mult: multiplier
  }),
  competitive: z.strictObject({
    high_ratio: z.number().positive(),
    high_mult: multiplier,
    low_ratio: z.number().positive(),
    low_mult: multiplier
  }),
  lifecycle: z.strictObject({
    early_weeks: z.number().min(0),
    early_mult: multiplier,
    mature_weeks: z.number().min(0),
    mature_mult: multiplier
  }),
  time: z.strictObject({
    peak_index: z.number().positive(),
    peak_mult: multiplier,
    slump_index: z.number().positive(),
    slump_mult: multiplier
  }),
  weights: z.strictObject({
    elasticity: z.number().min(0),
    competitive: z.number().min(0),
    lifecycle: z.number().min(0),
    time: z.number().min(0)
  })
})

export const pricingSettingsSchema = z.strictObject({
  objective: z.enum(['revenue', 'margin']),
  min_volume_share: z.number().min(0).max(2).nullable(),
  cost_share: z.number().min(0).max(1).nullable(),
  guardrails: guardrailsSchema,
  strategies: strategiesSchema,
  /** causal: model baseline × (p/p₀)^ε with the recommended elasticity; model: the model's own curve. */
  demand: z.enum(['causal', 'model']).default('causal')
})

export const scenarioSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['changes', 'optimized', 'personalized']),
  changes: z
    .array(
      z.strictObject({
        scope: z.enum(['all', 'category', 'item']),
        key: z.string().max(200).nullable(),
        change_pct: z.number().gt(-100).max(1000)
      })
    )
    .max(10_000),
  model: z.enum(MODEL_KINDS).nullable(),
  market_growth_pct: z.number().min(-100).max(1000),
  competitor_move_pct: z.number().min(-100).max(1000),
  cross_elasticity: z.number().min(-10).max(10),
  notes: z.string().max(2000),
  /** causal (default): the model's baseline × (p/p₀)^ε; model: the model's own curve. */
  demand: z.enum(['causal', 'model']).optional(),
  /** The dataset the scenario was written for (listed only while pricing it); none: the EdTech sample. */
  dataset: z.string().min(1).max(200).optional()
})

export const experimentDesignSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  units: z.enum(['courses', 'learners', 'items']),
  dataset: z.string().min(1).max(200).nullable().default(null),
  metric: z.enum(['conversion', 'revenue']),
  arms: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(50),
        change: z.discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('none') }),
          z.strictObject({ kind: z.literal('pct'), pct: z.number().gt(-100).max(1000) }),
          z.strictObject({ kind: z.literal('scenario'), name: z.string().min(1).max(100) }),
          z.strictObject({ kind: z.literal('optimized') })
        ]),
        weight: z.number().positive().max(100)
      })
    )
    .min(2)
    .max(8),
  alpha: z.number().gt(0).lt(0.5),
  power: z.number().gt(0.5).lt(1),
  mde: z.number().gt(0).max(10).nullable(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31),
  stratify: z.enum(['none', 'category', 'tier', 'price_tier', 'segment']),
  cluster: z.boolean(),
  holdout: z.number().min(0).max(0.5),
  pinned: z.array(z.strictObject({ unit: z.string().min(1), arm: z.string().min(1) })).max(10_000),
  exclude: z.array(z.string().min(1)).max(100_000),
  start_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .nullable()
})

const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31)

/**
 * A study: every choice the pipeline's stages need, so a run is reproducible (the
 * same config and data give the same report numbers). Every field has a default;
 * `{}` is a valid config. Documented in the README.
 */
export const studyConfigSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).default('Pricing study'),
  /** Generate the sample data first (replacing the project's data); null: use the data as it is. */
  generate: z
    .strictObject({
      seed: seed.default(42),
      scale: z.number().positive().max(100).default(1),
      kind: z.enum(SAMPLE_KINDS).default('edtech')
    })
    .nullable()
    .default(null),
  elasticity: z
    .strictObject({
      dataset: z.string().min(1).max(200).nullable().default(null),
      models: z
        .array(z.enum(MODEL_KINDS))
        .min(1)
        .default([...MODEL_KINDS]),
      seed: seed.default(42),
      folds: z.number().int().min(2).max(10).default(3)
    })
    .prefault({}),
  /** null skips the propensity stage. */
  propensity: z
    .strictObject({
      targets: z
        .array(z.enum(TARGETS))
        .min(1)
        .default([...TARGETS]),
      cutoff: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
        .nullable()
        .default(null),
      seed: seed.default(42)
    })
    .nullable()
    .prefault({}),
  pricing: z
    .strictObject({
      /** Model kind; null: the elasticity run's best. */
      model: z.enum(MODEL_KINDS).nullable().default(null),
      /** null: the settings saved in the project (the Pricing page's guardrails). */
      settings: pricingSettingsSchema.nullable().default(null)
    })
    .prefault({}),
  /** The A/B plan for the recommended prices; null skips it. */
  experiment: z
    .strictObject({
      units: z.enum(['courses', 'learners']).default('courses'),
      metric: z.enum(['conversion', 'revenue']).default('revenue'),
      /** null: the optimized prices; a number: a fixed change in percent (learners need one). */
      treatment_pct: z.number().gt(-100).max(1000).nullable().default(null),
      alpha: z.number().gt(0).lt(0.5).default(0.05),
      power: z.number().gt(0.5).lt(1).default(0.8),
      mde: z.number().gt(0).max(10).nullable().default(0.1),
      stratify: z.enum(['none', 'category', 'tier', 'price_tier', 'segment']).default('category'),
      seed: seed.default(42),
      accept_underpowered: z.boolean().default(true)
    })
    .nullable()
    .prefault({})
})
export type StudyConfig = z.output<typeof studyConfigSchema>

/** Every call: input schema and result type. */
export const api = {
  'app:info': { input: z.strictObject({}), output: {} as AppInfo },
  'project:current': { input: z.strictObject({}), output: {} as ProjectInfo | null },
  'project:create': {
    input: z.strictObject({ path: filePath, sample: z.boolean().optional() }),
    output: {} as ProjectInfo
  },
  'project:open': { input: z.strictObject({ path: filePath }), output: {} as ProjectInfo },
  'project:saveAs': {
    /** jobId: progress events and cancel (job:cancel) for a large project. */
    input: z.strictObject({ path: filePath, jobId: jobId.optional() }),
    output: {} as ProjectInfo
  },
  'project:recent': { input: z.strictObject({}), output: [] as RecentProject[] },
  /** Deletes elasticity runs beyond the latest 3 per dataset (not those a pricing run uses), then VACUUM. */
  'project:compact': {
    input: z.strictObject({}),
    output: {} as { bytesBefore: number; bytesAfter: number; runsDeleted: number }
  },
  'data:generate': {
    input: z.strictObject({
      jobId,
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31),
      scale: z.number().positive().max(100),
      /** Which built-in sample: the EdTech seed tables (default) or the retail store × brand panel dataset. */
      kind: z.enum(SAMPLE_KINDS).default('edtech')
    }),
    output: {} as SampleSummary
  },
  'data:tables': { input: z.strictObject({}), output: [] as TableInfo[] },
  'data:datasets': { input: z.strictObject({}), output: [] as DatasetInfo[] },
  'data:rows': { input: rowQuerySchema, output: {} as RowPage },
  'data:summary': {
    input: z.strictObject({ table: z.string().min(1).max(200), jobId: jobId.optional() }),
    output: {} as TableSummary
  },
  'file:stagePath': { input: z.strictObject({ path: filePath }), output: {} as StagedFile },
  'import:preview': {
    input: z.strictObject({
      fileId: z.string().min(1),
      delimiter: delimiter.optional(),
      encoding: z.enum(TEXT_ENCODINGS).optional(),
      sheet: z.string().min(1).max(31).optional()
    }),
    output: {} as CsvPreview
  },
  'import:run': {
    input: z.strictObject({ jobId, fileId: z.string().min(1), plan: importPlanSchema }),
    output: {} as ImportResult
  },
  'export:table': {
    input: z.strictObject({
      table: z.string().min(1).max(200),
      bom: z.boolean().optional(),
      delimiter: delimiter.optional()
    }),
    output: {} as ExportedFile
  },
  'elasticity:sources': { input: z.strictObject({}), output: [] as ElasticitySource[] },
  'elasticity:train': {
    input: z.strictObject({
      jobId,
      dataset: z.string().min(1).max(200).optional(),
      models: z.array(z.enum(MODEL_KINDS)).min(1).optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .optional(),
      folds: z.number().int().min(2).max(10).optional(),
      withinItems: z.boolean().optional(),
      controls: z.array(z.string().min(1).max(200)).max(100).optional(),
      validation: z.enum(['time', 'items']).optional(),
      dml: z.enum(DML_MODES).optional(),
      maxRows: z.number().int().min(1000).max(1e10).optional()
    }),
    output: {} as ElasticityReport
  },
  'elasticity:runs': { input: z.strictObject({}), output: [] as RunSummary[] },
  'elasticity:run': {
    input: z.strictObject({ runId: z.number().int().positive().optional() }),
    output: {} as ElasticityReport | null
  },
  'elasticity:export': {
    input: z.strictObject({
      runId: z.number().int().positive(),
      table: z.enum(['models', 'segments']),
      bom: z.boolean().optional()
    }),
    output: {} as ExportedFile
  },
  'elasticity:predict': {
    input: z.strictObject({
      runId: z.number().int().positive().optional(),
      model: z.enum(MODEL_KINDS).optional(),
      items: z
        .array(z.strictObject({ item: z.string().min(1).max(200), price: z.number().positive().finite() }))
        .min(1)
        .max(10_000)
    }),
    output: {} as { run_id: number; model: ModelKind; predictions: DemandPrediction[] }
  },
  'propensity:train': {
    input: z.strictObject({
      jobId,
      targets: z.array(z.enum(TARGETS)).min(1).optional(),
      cutoff: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
        .optional(),
      seed: propensitySeed
    }),
    output: {} as PropensityRun
  },
  'propensity:run': { input: z.strictObject({}), output: {} as PropensityRun | null },
  'propensity:threshold': {
    input: z.strictObject({
      target: z.enum(TARGETS),
      offerCost: z.number().min(0),
      retainedValue: z.number().min(0)
    }),
    output: {} as { best: ProfitPoint; curve: ProfitPoint[]; test_learners: number }
  },
  'propensity:offers': {
    input: z.strictObject({
      referencePrice: z.number().positive().optional(),
      maxDiscountPct: z.number().min(0).max(100).optional(),
      minPrice: z.number().min(0).optional(),
      sensitivityExtraPct: z.number().min(0).max(100).optional(),
      export: z.boolean().optional()
    }),
    output: {} as { reference_price: number; segments: OfferSummary[]; file: ExportedFile | null }
  },
  'propensity:segments': {
    input: z.strictObject({
      rules: z
        .array(
          z.strictObject({
            segment: z.string(),
            discount_pct: z.number().min(0).max(100),
            contact: z.string(),
            channel: z.string(),
            offer: z.string()
          })
        )
        .optional()
    }),
    output: [] as SegmentRow[]
  },
  'propensity:learner': {
    input: z.strictObject({ learnerId: z.number().int() }),
    output: {} as { header: string[]; row: (number | string)[] | null; why: LearnerWhy[] }
  },
  'propensity:bands': {
    input: z
      .strictObject({
        hot: z.number().gt(0).max(1),
        warm: z.number().gt(0).max(1),
        cold: z.number().gt(0).max(1)
      })
      .refine((t) => t.hot > t.warm && t.warm > t.cold, 'thresholds must satisfy Hot > Warm > Cold'),
    output: {} as { bands: { name: string; min: number }[]; segments: SegmentRow[]; run: PropensityRun }
  },
  'propensity:export': { input: z.strictObject({ bom: z.boolean().optional() }), output: {} as ExportedFile },
  'propensity:trainCustomers': {
    input: z.strictObject({
      jobId,
      dataset: z.string().min(1).max(100),
      /** Required for a customer table; an event log's label comes from `events.outcome`. */
      label: z.string().min(1).optional(),
      positive: z.string().min(1).optional(),
      events: z
        .strictObject({
          customer: z.string().min(1),
          time: z.string().min(1),
          event: z.string().min(1).optional(),
          amount: z.string().min(1).optional(),
          cutoff: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
            .optional(),
          window: z.number().int().min(1).max(3650),
          outcome: z.discriminatedUnion('kind', [
            z.strictObject({ kind: z.literal('churn') }),
            z.strictObject({ kind: z.literal('conversion'), event: z.string().min(1) }),
            z.strictObject({ kind: z.literal('upsell'), above: z.number().min(0) })
          ])
        })
        .optional(),
      id: z.string().min(1).optional(),
      features: z.array(z.string().min(1)).min(1).optional(),
      seed: propensitySeed
    }),
    output: {} as CustomerPropensityRun
  },
  'propensity:customerRun': {
    input: z.strictObject({ dataset: z.string().min(1), label: z.string().min(1).optional() }),
    output: {} as CustomerPropensityRun | null
  },
  'propensity:exportCustomers': {
    input: z.strictObject({
      dataset: z.string().min(1),
      label: z.string().min(1).optional(),
      bom: z.boolean().optional()
    }),
    output: {} as ExportedFile & { run_id: number }
  },
  'propensity:customer': {
    input: z.strictObject({
      dataset: z.string().min(1),
      label: z.string().min(1).optional(),
      id: z.string()
    }),
    output: {} as { header: string[]; row: (number | string)[] | null }
  },
  'pricing:settings': { input: z.strictObject({}), output: {} as PricingSettings },
  'pricing:saveSettings': {
    input: z.strictObject({ settings: pricingSettingsSchema }),
    output: {} as PricingSettings
  },
  'pricing:optimize': {
    input: z.strictObject({
      runId: z.number().int().positive().optional(),
      model: z.enum(MODEL_KINDS).optional(),
      settings: pricingSettingsSchema.optional(),
      /** false: these settings apply to this run only (the CLI); default true (the Pricing page saves them). */
      save: z.boolean().optional(),
      /** Columns whose combination is the item (e.g. store, brand); default: the item column, else the segment. */
      itemBy: z.array(z.string().min(1).max(200)).min(1).max(5).optional()
    }),
    output: {} as PricingRun
  },
  'pricing:run': { input: z.strictObject({}), output: {} as PricingRun | null },
  'pricing:export': { input: z.strictObject({ bom: z.boolean().optional() }), output: {} as ExportedFile },
  'pricing:scenarios': { input: z.strictObject({}), output: [] as ScenarioSpec[] },
  'pricing:saveScenario': {
    input: z.strictObject({ scenario: scenarioSchema }),
    output: [] as ScenarioSpec[]
  },
  'pricing:deleteScenario': {
    input: z.strictObject({ name: z.string().min(1).max(100) }),
    output: [] as ScenarioSpec[]
  },
  'pricing:compare': {
    input: z.strictObject({
      names: z.array(z.string().min(1).max(100)).min(1).max(4).optional(),
      scenarios: z.array(scenarioSchema).min(1).max(4).optional(),
      items: z.boolean().optional()
    }),
    output: [] as ScenarioResult[]
  },
  'pricing:bundle': {
    input: z.strictObject({
      items: z.array(z.string().min(1).max(200)).min(2).max(50),
      discount: z.number().min(0).lt(1)
    }),
    output: {} as BundleQuote
  },
  'experiments:design': {
    input: z.strictObject({ design: experimentDesignSchema }),
    output: {} as PlanSummary
  },
  'experiments:save': {
    input: z.strictObject({ design: experimentDesignSchema, acceptUnderpowered: z.boolean().optional() }),
    output: {} as PlanSummary
  },
  'experiments:list': {
    input: z.strictObject({}),
    output: [] as {
      name: string
      created_at: string
      units: number
      arms: Record<string, number>
      /** The imported dataset the plan was designed on; null: the EdTech sample's courses or learners. */
      dataset: string | null
    }[]
  },
  'experiments:get': {
    input: z.strictObject({ name: z.string().min(1).max(100) }),
    output: {} as { plan: PlanSummary; analysis: Analysis | null }
  },
  'experiments:export': {
    input: z.strictObject({ name: z.string().min(1).max(100), bom: z.boolean().optional() }),
    output: {} as { plan: ExportedFile; summary: ExportedFile }
  },
  'experiments:analyze': {
    input: z.strictObject({
      fileId: z.string().min(1),
      experiment: z.string().min(1).max(100).optional(),
      bootstrap: z.number().int().min(0).max(20_000).optional(),
      /** Analyse the rows that match the plan even when more than 1% do not (the verdict says so). */
      allowMismatch: z.boolean().optional(),
      /** Always-valid (sequential) intervals and p-values, for a test read before its planned end. */
      sequential: z.boolean().optional()
    }),
    output: {} as Analysis & { experiment: string | null; rows: number }
  },
  'pipeline:run': {
    input: z.strictObject({
      jobId,
      config: studyConfigSchema.prefault({}),
      /** Where report.html, report.json and the CSVs go; default: PriceLab's reports folder. */
      reportDir: filePath.optional(),
      /** Replace the report in a folder that is not empty (otherwise refused). */
      force: z.boolean().optional()
    }),
    output: {} as PipelineRun
  },
  'pipeline:runs': { input: z.strictObject({}), output: [] as PipelineRun[] },
  'pipeline:report': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: {} as { html: string; dir: string; files: { name: string; fileId: string }[] }
  },
  'job:cancel': { input: z.strictObject({ jobId }), output: {} as { cancelled: boolean } },
  /** Running jobs (a page re-attaches to its own after navigation or reload) and how recent ones ended. */
  'job:list': { input: z.strictObject({}), output: {} as { running: RunningJob[]; finished: FinishedJob[] } }
} as const

export type Api = typeof api
export type ApiName = keyof Api
export type ApiArgs<K extends ApiName> = z.input<Api[K]['input']>
export type ApiResult<K extends ApiName> = Api[K]['output']

export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name)
}

export type ErrorCode =
  | 'invalid_input'
  | 'csv_error'
  | 'cancelled'
  /** The disk is full, the file is read-only or the disk failed: nothing was written. */
  | 'storage'
  | 'not_found'
  | 'no_project'
  | 'schema_too_new'
  | 'busy'
  | 'internal'
  /** An import under a dataset name already in the project, without "replace" (a form error on the name). */
  | 'dataset_exists'

export interface ApiErrorBody {
  code: ErrorCode
  message: string
  /** For csv_error: the first problems, each with file, line and column. */
  issues?: CsvIssue[]
}

/** Errors keep their shape across the boundary (Signal Desktop style). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody }

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message)
    this.name = 'ApiError'
  }
}

/** Pushed from the backend: progress of long jobs (import, generation, training). */
export type ApiEvent = { type: 'progress'; jobId: string; percent: number; message: string }

/** What a transport must do: Electron preload (IPC) and the browser-mode client (HTTP + WebSocket) implement it. */
export interface Transport {
  readonly mode: 'electron' | 'browser'
  invoke(name: ApiName, args: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (e: ApiEvent) => void): () => void
}

/** Validates a raw call at the boundary; returns the parsed args or an invalid_input error body. */
export function parseCall(
  name: unknown,
  args: unknown
): { name: ApiName; args: unknown } | { error: ApiErrorBody } {
  if (!isApiName(name))
    return { error: { code: 'invalid_input', message: `unknown call ${JSON.stringify(name)}` } }
  const r = api[name].input.safeParse(args ?? {})
  if (!r.success)
    return {
      error: {
        code: 'invalid_input',
        message: `${name}: ${r.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}`
      }
    }
  return { name, args: r.data }
}
