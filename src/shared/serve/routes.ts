/** The routes of `pricelab serve`, written once: the server dispatches on them, openapi.ts documents them. */
import type { z } from 'zod'
import {
  customerQuerySchema,
  demandRequestSchema,
  demandResponseSchema,
  healthSchema,
  itemPriceRequestSchema,
  itemPriceSchema,
  priceSheetSchema,
  propensitySchema,
  reloadSchema
} from './contract'

export interface RouteSpec {
  method: 'GET' | 'POST'
  /** OpenAPI path template, e.g. /v1/items/{id}/price. */
  path: string
  operationId: string
  summary: string
  /** The path's one parameter, where it has one. */
  param?: { name: string; description: string; example: string; integer?: boolean }
  /** GET: optional query parameters, validated with this schema. */
  query?: z.ZodType
  body?: z.ZodType
  /** A valid body on the EdTech sample, written into the document as the request's example. */
  example?: unknown
  response: z.ZodType
  /** HTTP statuses of the error responses this route can give besides 401, 413, 429 and 500. */
  errors: number[]
}

export const ROUTES = {
  health: {
    method: 'GET',
    path: '/v1/health',
    operationId: 'health',
    summary: 'Which runs are served (ids, fingerprints), the version, and what is loaded',
    response: healthSchema,
    errors: []
  },
  priceSheet: {
    method: 'GET',
    path: '/v1/price-sheet',
    operationId: 'priceSheet',
    summary: "The latest saved price sheet: every item's recommended price with its reason",
    response: priceSheetSchema,
    errors: [404]
  },
  itemPrice: {
    method: 'GET',
    path: '/v1/items/{id}/price',
    operationId: 'itemPrice',
    summary:
      "One item's recommended price with its reason and interval; with guardrail parameters, optimized now for this item",
    param: { name: 'id', description: 'Item id', example: '1' },
    query: itemPriceRequestSchema,
    response: itemPriceSchema,
    errors: [400, 404]
  },
  itemPriceOptimize: {
    method: 'POST',
    path: '/v1/items/{id}/price',
    operationId: 'optimizeItemPrice',
    summary: "One item's price optimized now with the given guardrails (the saved settings fill the rest)",
    param: { name: 'id', description: 'Item id', example: '1' },
    body: itemPriceRequestSchema,
    example: { max_increase: 0.1, max_decrease: 0.1 },
    response: itemPriceSchema,
    errors: [400, 404]
  },
  demand: {
    method: 'POST',
    path: '/v1/demand',
    operationId: 'demand',
    summary:
      'Predicted quantity and revenue of items at asked prices, with intervals, on the served demand curve',
    body: demandRequestSchema,
    example: {
      items: [
        { id: '1', price: 150 },
        { id: '2', price: 30 }
      ]
    },
    response: demandResponseSchema,
    errors: [400, 404]
  },
  customerPropensity: {
    method: 'GET',
    path: '/v1/customers/{id}/propensity',
    operationId: 'customerPropensity',
    summary:
      "A customer's propensity scores, segments and top reasons (a customer-table run; on the EdTech sample, its learners)",
    param: {
      name: 'id',
      description: 'Customer id (the id column of the customer table)',
      example: 'C0000001'
    },
    query: customerQuerySchema,
    response: propensitySchema,
    errors: [404]
  },
  learnerPropensity: {
    method: 'GET',
    path: '/v1/learners/{id}/propensity',
    operationId: 'learnerPropensity',
    summary: "An EdTech learner's enrollment, churn, completion, upsell and price-sensitivity scores",
    param: { name: 'id', description: 'Learner id', example: '1', integer: true },
    response: propensitySchema,
    errors: [404]
  },
  reload: {
    method: 'POST',
    path: '/v1/reload',
    operationId: 'reload',
    summary: 'Load the newest runs of the project now (what --watch does by itself)',
    response: reloadSchema,
    errors: [503]
  }
} as const satisfies Record<string, RouteSpec>

export type RouteName = keyof typeof ROUTES
