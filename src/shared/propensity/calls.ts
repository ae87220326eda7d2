/** The propensity calls: learner-level targets (EdTech) and customer-level models on an imported dataset. */
import { z } from 'zod'
import { TARGETS } from './index'
import { exportedFileSchema, isoDate, jobId, seed } from '../api/common'
import {
  bandsResultSchema,
  learnerResultSchema,
  offersResultSchema,
  propensityRunSchema,
  segmentRowSchema,
  thresholdResultSchema
} from './results'
import { customerExportSchema, customerPropensityRunSchema, customerRowSchema } from './customer-results'

export const propensityCalls = {
  'propensity:train': {
    input: z.strictObject({
      jobId,
      targets: z.array(z.enum(TARGETS)).min(1).optional(),
      cutoff: isoDate.optional(),
      seed: seed.optional()
    }),
    output: propensityRunSchema
  },
  'propensity:run': { input: z.strictObject({}), output: propensityRunSchema.nullable() },
  'propensity:threshold': {
    input: z.strictObject({
      target: z.enum(TARGETS),
      offerCost: z.number().min(0),
      retainedValue: z.number().min(0)
    }),
    output: thresholdResultSchema
  },
  'propensity:offers': {
    input: z.strictObject({
      referencePrice: z.number().positive().optional(),
      maxDiscountPct: z.number().min(0).max(100).optional(),
      minPrice: z.number().min(0).optional(),
      sensitivityExtraPct: z.number().min(0).max(100).optional(),
      export: z.boolean().optional()
    }),
    output: offersResultSchema
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
    output: z.array(segmentRowSchema)
  },
  'propensity:learner': {
    input: z.strictObject({ learnerId: z.number().int() }),
    output: learnerResultSchema
  },
  'propensity:bands': {
    input: z
      .strictObject({
        hot: z.number().gt(0).max(1),
        warm: z.number().gt(0).max(1),
        cold: z.number().gt(0).max(1)
      })
      .refine((t) => t.hot > t.warm && t.warm > t.cold, 'thresholds must satisfy Hot > Warm > Cold'),
    output: bandsResultSchema
  },
  'propensity:export': { input: z.strictObject({ bom: z.boolean().optional() }), output: exportedFileSchema },
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
          cutoff: isoDate.optional(),
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
      seed: seed.optional()
    }),
    output: customerPropensityRunSchema
  },
  'propensity:customerRun': {
    input: z.strictObject({ dataset: z.string().min(1), label: z.string().min(1).optional() }),
    output: customerPropensityRunSchema.nullable()
  },
  'propensity:exportCustomers': {
    input: z.strictObject({
      dataset: z.string().min(1),
      label: z.string().min(1).optional(),
      bom: z.boolean().optional()
    }),
    output: customerExportSchema
  },
  'propensity:customer': {
    input: z.strictObject({
      dataset: z.string().min(1),
      label: z.string().min(1).optional(),
      id: z.string()
    }),
    output: customerRowSchema
  }
} as const
