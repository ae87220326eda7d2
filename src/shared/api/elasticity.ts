/** The elasticity calls: sources, training, runs, export and demand predictions. */
import { z } from 'zod'
import { MODEL_KINDS, VALIDATIONS, type ModelKind } from '../elasticity'
import type { DemandPrediction } from '../../core/elasticity/predict'
import type { ElasticityReport } from '../../core/elasticity/report'
import type { RunSummary } from '../../core/elasticity/registry'
import { jobId, seed, type ExportedFile } from './common'
import { DML_MODES } from '../dml-mode'
import { crossGroupSetting } from '../elasticity-cross'

/** A dataset the elasticity models can train on. */
export interface ElasticitySource {
  /** Pass as `dataset` to elasticity:train. */
  id: string
  label: string
  rows: number
  segment: string | null
  /** The period column (added, issue 28): without one, models are validated on held-out rows of every item. */
  period: string | null
  /** The price and quantity columns (added, issue 28): the charts' axes are named after them. */
  price: string
  quantity: string
  /** Features besides price the models may use (all by default). */
  controls: string[]
}

export const elasticityCalls = {
  'elasticity:sources': { input: z.strictObject({}), output: [] as ElasticitySource[] },
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
      crossGroup: crossGroupSetting.optional()
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
      table: z.enum(['models', 'segments', 'cross']),
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
  }
} as const
