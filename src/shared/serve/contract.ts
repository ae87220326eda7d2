/**
 * The public HTTP API of `pricelab serve` (version v1): every request and response body as a zod
 * schema. The server validates requests with them, the tests validate responses with them, and
 * the OpenAPI document (openapi.ts) is generated from them, so the three cannot disagree.
 * Fields may be added in v1, never renamed or removed.
 */
import { z } from 'zod'
import { DEMAND_KINDS, OBJECTIVES, ROUNDING_RULES } from '../pricing'

export const SERVE_API_VERSION = 'v1'

/** An item id as the data names it; a number is accepted and read as its decimal text. */
const itemId = z
  .union([z.string().min(1).max(200), z.number().int().nonnegative()])
  .transform(String)
  .meta({
    description: 'Item id as in the data (e.g. "17" on the EdTech sample, "S01-BRI" on the retail sample)'
  })

const price = z.number().positive().finite().max(1e12)

export const intervalSchema = z.strictObject({ low: z.number(), high: z.number() }).meta({
  description: "Spans the point forecast and the forecasts at both ends of the item's 90% elasticity interval"
})

export const unitSchema = z.strictObject({
  kind: z.enum(['currency', 'tokens']),
  decimals: z.number().int().nonnegative(),
  label: z.string(),
  short: z.string()
})

/** One located problem: where in the request (body, query, path) and which field. */
export const issueSchema = z.strictObject({
  file: z.enum(['request body', 'query', 'path', 'header']),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  column_name: z.string().nullable().meta({ description: 'The field, e.g. items[0].price' }),
  message: z.string()
})
export type ServeIssue = z.infer<typeof issueSchema>

/** Every error, whatever the path: the DomainError shape the CLI's --json prints too. */
export const errorSchema = z.strictObject({
  error: z.strictObject({
    code: z.enum([
      'invalid_input',
      'not_found',
      'unauthorized',
      'too_large',
      'rate_limited',
      'method_not_allowed',
      'unavailable',
      'internal'
    ]),
    message: z.string(),
    issues: z.array(issueSchema)
  })
})
export type ServeError = z.infer<typeof errorSchema>
export type ServeErrorCode = ServeError['error']['code']

const runRef = z.strictObject({
  run_id: z.number().int(),
  created_at: z.string(),
  dataset: z.string().nullable(),
  fingerprint: z.string().meta({ description: "SHA-256 of the run's stored record (and model body)" })
})

export const healthSchema = z.strictObject({
  status: z.literal('ok'),
  api_version: z.literal(SERVE_API_VERSION),
  version: z.string().meta({ description: 'PriceLab version' }),
  project: z.string(),
  loaded_at: z.string(),
  reload: z.enum(['watch', 'on_request']),
  served: z.strictObject({
    pricing_run: runRef.extend({ model: z.string(), demand: z.string() }).nullable(),
    elasticity_run: runRef.extend({ model: z.string().nullable() }).nullable(),
    propensity_run: runRef.nullable(),
    customer_runs: z.array(runRef.extend({ label: z.string() }))
  }),
  items: z.number().int().meta({ description: 'Items the demand forecast knows' }),
  learners: z.number().int(),
  customers: z.number().int()
})
export type Health = z.infer<typeof healthSchema>

export const sheetRowSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  segment: z.string(),
  current_price: z.number(),
  recommended_price: z.number(),
  change_pct: z.number(),
  quantity_before: z.number(),
  quantity_after: z.number(),
  revenue_before: z.number(),
  revenue_after: z.number(),
  margin_before: z.number().nullable(),
  margin_after: z.number().nullable(),
  reason: z.string(),
  binding_guardrail: z.string().nullable(),
  out_of_observed_range: z.boolean()
})

export const priceSheetSchema = z.strictObject({
  pricing_run_id: z.number().int(),
  elasticity_run_id: z.number().int(),
  dataset: z.string(),
  model: z.string(),
  demand_label: z.string(),
  unit: unitSchema,
  refused: z.string().nullable(),
  uncertain: z.boolean(),
  items: z.array(sheetRowSchema)
})
export type PriceSheet = z.infer<typeof priceSheetSchema>

/** Guardrails for an on-the-fly optimization of one item; the saved sheet's settings fill the rest. */
export const itemPriceRequestSchema = z.strictObject({
  objective: z.enum(OBJECTIVES).optional(),
  min_price: price.optional(),
  max_price: price.optional(),
  max_increase: z.number().min(0).max(10).optional().meta({ description: 'e.g. 0.1 for +10%' }),
  max_decrease: z.number().min(0).max(0.99).optional(),
  margin_floor: z.number().min(0).max(10).optional(),
  stay_in_observed: z.boolean().optional(),
  rounding: z.enum(ROUNDING_RULES).optional()
})
export type ItemPriceRequest = z.infer<typeof itemPriceRequestSchema>
/** Query parameters of GET /v1/items/{id}/price that are numbers (the others are text or true/false). */
export const ITEM_PRICE_NUMBER_PARAMS = [
  'min_price',
  'max_price',
  'max_increase',
  'max_decrease',
  'margin_floor'
] as const

export const itemPriceSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  segment: z.string(),
  source: z.enum(['price_sheet', 'optimized']).meta({
    description: 'price_sheet: the saved sheet; optimized: optimized now with the given guardrails'
  }),
  current_price: z.number(),
  recommended_price: z.number(),
  change_pct: z.number(),
  reason: z.string(),
  binding_guardrail: z.string().nullable(),
  quantity: z.number(),
  quantity_interval: intervalSchema.nullable(),
  revenue: z.number(),
  revenue_interval: intervalSchema.nullable(),
  unit: unitSchema,
  pricing_run_id: z.number().int().nullable(),
  warnings: z.array(z.string())
})
export type ItemPrice = z.infer<typeof itemPriceSchema>

export const MAX_DEMAND_ITEMS = 10_000

export const demandRequestSchema = z.strictObject({
  items: z
    .array(z.strictObject({ id: itemId, price }))
    .min(1)
    .max(MAX_DEMAND_ITEMS)
    .meta({
      description: 'Items and the prices to forecast at; items not listed stay at their current price'
    })
})
export type DemandRequest = z.infer<typeof demandRequestSchema>

export const demandItemSchema = z.strictObject({
  id: z.string(),
  price: z.number(),
  current_price: z.number(),
  quantity: z.number().meta({ description: 'Predicted mean quantity per period at that price' }),
  quantity_interval: intervalSchema.nullable(),
  revenue: z.number(),
  revenue_interval: intervalSchema.nullable(),
  elasticity: z.number().nullable(),
  out_of_observed_range: z
    .boolean()
    .meta({ description: 'The price is outside the prices the item was seen at: the forecast extrapolates' })
})

export const demandResponseSchema = z.strictObject({
  elasticity_run_id: z.number().int(),
  model: z.string(),
  demand: z.enum(DEMAND_KINDS),
  demand_label: z.string(),
  unit: unitSchema,
  items: z.array(demandItemSchema)
})
export type DemandResponse = z.infer<typeof demandResponseSchema>

const reasonSchema = z.strictObject({
  feature: z.string(),
  value: z.union([z.number(), z.string(), z.null()]),
  contribution: z
    .number()
    .meta({ description: 'How far the score moves when the feature is set to a typical value' })
})

export const customerQuerySchema = z.strictObject({
  dataset: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'The customer table (dataset) whose run to read; default: the latest customer run' })
})

export const propensitySchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['learner', 'customer']),
  run_id: z.number().int(),
  dataset: z.string().nullable(),
  scored_as_of: z.string().nullable(),
  scores: z.array(
    z.strictObject({
      target: z.string(),
      score: z.number().min(0).max(1),
      segment: z.string(),
      reasons: z.array(reasonSchema)
    })
  )
})
export type Propensity = z.infer<typeof propensitySchema>

export const reloadSchema = z.strictObject({ reloaded: z.boolean(), health: healthSchema })
export type Reload = z.infer<typeof reloadSchema>
