/** The experiments calls: design, save, list, export and analyse an A/B test. */
import { z } from 'zod'
import { exportedFileSchema } from '../api/common'
import { experimentDesignSchema } from './inputs'
import { analysisSchema, analyzedResultsSchema, experimentListingSchema, planSummarySchema } from './results'

export const experimentCalls = {
  'experiments:design': {
    input: z.strictObject({ design: experimentDesignSchema }),
    output: planSummarySchema
  },
  'experiments:save': {
    input: z.strictObject({ design: experimentDesignSchema, acceptUnderpowered: z.boolean().optional() }),
    output: planSummarySchema
  },
  'experiments:list': { input: z.strictObject({}), output: z.array(experimentListingSchema) },
  'experiments:get': {
    input: z.strictObject({ name: z.string().min(1).max(100) }),
    output: z.object({ plan: planSummarySchema, analysis: analysisSchema.nullable() })
  },
  'experiments:export': {
    input: z.strictObject({ name: z.string().min(1).max(100), bom: z.boolean().optional() }),
    output: z.object({ plan: exportedFileSchema, summary: exportedFileSchema })
  },
  'experiments:analyze': {
    input: z.strictObject({
      fileId: z.string().min(1),
      experiment: z.string().min(1).max(100).optional(),
      bootstrap: z.number().int().min(0).max(20_000).optional(),
      /** Analyse the rows that match the plan even when more than 1% do not (the verdict says so). */
      allowMismatch: z.boolean().optional(),
      /** Always-valid (sequential) intervals and p-values, for a test read before its planned end. */
      sequential: z.boolean().optional(),
      /** Switchback tests: periods after each switch of arm left out as carry-over (default 0). */
      carryover: z.number().int().min(0).max(52).optional()
    }),
    output: analyzedResultsSchema
  }
} as const
