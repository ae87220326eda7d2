/**
 * The OpenAPI 3.1 document of `pricelab serve`, generated from the zod schemas of the
 * contract with zod 4's own z.toJSONSchema (OpenAPI 3.1 schemas are JSON Schema 2020-12),
 * so no second description of the API exists to drift.
 */
import { z } from 'zod'
import { errorSchema, SERVE_API_VERSION } from './contract'
import { ROUTES, type RouteSpec } from './routes'

type Json = Record<string, unknown>

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request (the issues name each field)',
  401: 'Missing or wrong bearer token',
  404: 'Unknown id, or nothing of that kind in the project',
  413: 'Request body too large',
  429: 'Too many requests from this client (see Retry-After)',
  500: 'Unexpected error',
  503: 'The project could not be loaded again; the runs loaded before are still served'
}

/** A zod schema as an OpenAPI 3.1 schema object (without the $schema key, which OpenAPI does not want). */
function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json
  return rest
}

function queryParameters(q: z.ZodType): Json[] {
  const js = schemaOf(q, 'input') as { properties?: Record<string, Json> }
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema
  }))
}

function operation(r: RouteSpec): Json {
  const parameters: Json[] = []
  if (r.param)
    parameters.push({
      name: r.param.name,
      in: 'path',
      required: true,
      description: r.param.description,
      example: r.param.integer ? Number(r.param.example) : r.param.example,
      schema: r.param.integer ? { type: 'integer' } : { type: 'string' }
    })
  if (r.query) parameters.push(...queryParameters(r.query))
  const json = (schema: Json) => ({ 'application/json': { schema } })
  const responses: Json = {
    200: { description: 'OK', content: json(schemaOf(r.response, 'output')) }
  }
  for (const status of [...r.errors, 401, 413, 429, 500])
    responses[status] = {
      description: STATUS_TEXT[status],
      content: json({ $ref: '#/components/schemas/Error' })
    }
  return {
    operationId: r.operationId,
    summary: r.summary,
    ...(parameters.length ? { parameters } : {}),
    ...(r.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(r.body, 'input'), example: r.example } }
          }
        }
      : {}),
    responses
  }
}

/** The whole document; `version` is PriceLab's (the API's own version is in the paths, /v1). */
export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {}
  for (const r of Object.values(ROUTES) as RouteSpec[]) {
    paths[r.path] ??= {}
    paths[r.path][r.method.toLowerCase()] = operation(r)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PriceLab serve',
      version: `${SERVE_API_VERSION} (PriceLab ${version})`,
      description:
        "A read-only API over a PriceLab project's saved runs: prices, demand forecasts and propensity scores. Every request needs `Authorization: Bearer <token>` (the token file given to `pricelab serve --token-file`)."
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schemaOf(errorSchema, 'output') }
    }
  }
}
