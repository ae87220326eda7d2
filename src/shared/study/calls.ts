/** The study pipeline: its config schema (every stage's choices, all defaulted) and the pipeline calls. */
import { z } from 'zod'
import { SAMPLE_KINDS } from '../data'
import { MODEL_KINDS } from '../elasticity'
import { TARGETS } from '../propensity'
import { DEFAULT_DESIGN, METRICS, STRATIFICATIONS, defaultMetric, defaultStratify } from '../experiments'
import { filePath, isoDate, jobId, seed } from '../api/common'
import { experimentDesignSchema } from '../experiments/inputs'
import { pricingSettingsSchema } from '../pricing/inputs'
import { DEFAULT_SEED } from '../defaults'
import { pipelineReportSchema, pipelineRunSchema, reportPdfSchema } from './results'

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
      seed: seed.default(DEFAULT_SEED),
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
      seed: seed.default(DEFAULT_SEED),
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
      cutoff: isoDate.nullable().default(null),
      seed: seed.default(DEFAULT_SEED)
    })
    .nullable()
    .prefault({}),
  pricing: z
    .strictObject({
      /** Model kind; null: the elasticity run's best. */
      model: z.enum(MODEL_KINDS).nullable().default(null),
      /** null: the settings saved in the project (the Pricing page's guardrails). */
      settings: pricingSettingsSchema.nullable().default(null),
      /**
       * A per-item cost table (CSV: an item column and a cost column; a path relative to the config
       * file): its costs win over the settings' for this study. null: the settings' costs.
       */
      costs: z.string().min(1).max(1000).nullable().default(null)
    })
    .prefault({}),
  /**
   * The A/B plan for the recommended prices; null skips it. Metric and stratification default by
   * the units, as in the wizard and `pricelab abtest` (learners: conversion, unstratified).
   */
  experiment: z
    .strictObject({
      units: z.enum(['courses', 'learners']).default('courses'),
      metric: z.enum(METRICS).optional(),
      /** null: the optimized prices; a number: a fixed change in percent (learners need one). */
      treatment_pct: z.number().gt(-100).max(1000).nullable().default(null),
      alpha: experimentDesignSchema.shape.alpha.default(DEFAULT_DESIGN.alpha),
      power: experimentDesignSchema.shape.power.default(DEFAULT_DESIGN.power),
      mde: experimentDesignSchema.shape.mde.default(DEFAULT_DESIGN.mde),
      stratify: z.enum(STRATIFICATIONS).optional(),
      seed: seed.default(DEFAULT_DESIGN.seed),
      accept_underpowered: z.boolean().default(true),
      /** Optimized prices: units the sheet moves by less than this share (0.02 = 2%) are left out of the test. */
      min_change: experimentDesignSchema.shape.min_change,
      /**
       * A plan whose treatment changes no price by the minimum, or whose expected effect is below what
       * the test can detect, stops the study unless this is true (the report then flags it).
       */
      accept_weak_treatment: z.boolean().default(false)
    })
    // Every field in its documented place, the unit-dependent defaults filled in.
    .transform((x) => ({
      units: x.units,
      metric: x.metric ?? defaultMetric(x.units),
      treatment_pct: x.treatment_pct,
      alpha: x.alpha,
      power: x.power,
      mde: x.mde,
      stratify: x.stratify ?? defaultStratify(x.units),
      seed: x.seed,
      accept_underpowered: x.accept_underpowered,
      min_change: x.min_change,
      accept_weak_treatment: x.accept_weak_treatment
    }))
    .nullable()
    .prefault({})
})
export type StudyConfig = z.output<typeof studyConfigSchema>

export const studyCalls = {
  'pipeline:run': {
    input: z.strictObject({
      jobId,
      config: studyConfigSchema.prefault({}),
      /** Where report.html, report.json and the CSVs go; default: PriceLab's reports folder. */
      reportDir: filePath.optional(),
      /** Replace the report in a folder that is not empty (otherwise refused). */
      force: z.boolean().optional()
    }),
    output: pipelineRunSchema
  },
  'pipeline:runs': { input: z.strictObject({}), output: z.array(pipelineRunSchema) },
  'pipeline:report': {
    input: z.strictObject({ runId: z.number().int().positive() }),
    output: pipelineReportSchema
  },
  /**
   * The run's report.html printed to a real PDF by headless Chromium (browser mode and the CLI;
   * the desktop app prints with its own window). inFolder: also kept as report.pdf in the report folder.
   */
  'pipeline:pdf': {
    input: z.strictObject({ runId: z.number().int().positive(), inFolder: z.boolean().optional() }),
    output: reportPdfSchema
  }
} as const
