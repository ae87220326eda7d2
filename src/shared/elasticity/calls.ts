/** The elasticity calls: sources, training, runs, export and demand predictions. */
import { z } from 'zod'
import { MODEL_KINDS, VALIDATIONS } from './index'
import { exportedFileSchema, jobId, seed } from '../api/common'
import { DML_MODES } from './dml-mode'
import { crossGroupSetting, crossTopKSetting } from './cross'
import {
  demandPredictionsSchema,
  elasticityReportSchema,
  elasticitySourceSchema,
  runSummarySchema
} from './results'

export const elasticityCalls = {
  'elasticity:sources': { input: z.strictObject({}), output: z.array(elasticitySourceSchema) },
  'elasticity:train': {
    input: z.strictObject({
      jobId,
      dataset: z.string().min(1).max(200).optional(),
      models: z.array(z.enum(MODEL_KINDS)).min(1).optional(),
      seed: seed.optional(),
      folds: z.number().int().min(2).max(10).optional(),
      withinItems: z.boolean().optional(),
      controls: z.array(z.string().min(1).max(200)).max(100).optional(),
      validation: z.enum(VALIDATIONS).optional(),
      dml: z.enum(DML_MODES).optional(),
      maxRows: z.number().int().min(1000).max(1e10).optional(),
      /** The column inside which items compete (cross-price effects), 'none' to turn them off; absent: detected. */
      crossGroup: crossGroupSetting.optional(),
      /** The k segments that sell most enter the cross matrix (\`--cross-top-k\`; default 10). */
      crossTopK: crossTopKSetting.optional()
    }),
    output: elasticityReportSchema
  },
  'elasticity:runs': { input: z.strictObject({}), output: z.array(runSummarySchema) },
  'elasticity:run': {
    input: z.strictObject({ runId: z.number().int().positive().optional() }),
    output: elasticityReportSchema.nullable()
  },
  'elasticity:export': {
    input: z.strictObject({
      runId: z.number().int().positive(),
      table: z.enum(['models', 'segments', 'cross']),
      bom: z.boolean().optional()
    }),
    output: exportedFileSchema
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
    output: demandPredictionsSchema
  }
} as const
