import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openSqlite } from '../../../src/backend/sqlite'
import {
  demandResponseSchema,
  errorSchema,
  healthSchema,
  itemPriceSchema,
  priceSheetSchema,
  propensitySchema,
  reloadSchema
} from '../../../src/shared/serve/contract'
import { openApiDocument } from '../../../src/shared/serve/openapi'
import { edtechProject } from './fixture'
import { serveProject, type Running } from './harness'
import { storedRunText } from '../../run-bodies'

let path: string
let s: Running
type Sheet = z.infer<typeof priceSheetSchema>
let sheet: Sheet

beforeAll(async () => {
  path = await edtechProject(7)
  s = await serveProject(path)
  sheet = priceSheetSchema.parse((await s.call('GET', '/v1/price-sheet')).body)
}, 240_000)
afterAll(async () => s?.stop())

/** The error body, checked against the one error schema, with the expected status and code. */
async function expectError(
  r: Promise<{ status: number; body: unknown }>,
  status: number,
  code: string,
  message: RegExp
) {
  const { status: got, body } = await r
  expect(got).toBe(status)
  const e = errorSchema.parse(body)
  expect(e.error.code).toBe(code)
  expect(e.error.message).toMatch(message)
  return e
}

describe('pricelab serve: every endpoint against its schema (EdTech sample, seed 7)', () => {
  it('health names the runs it serves with their fingerprints', async () => {
    const h = healthSchema.parse((await s.call('GET', '/v1/health')).body)
    expect(h.served.pricing_run?.run_id).toBe(sheet.pricing_run_id)
    expect(h.served.elasticity_run?.model).toBe('ols')
    expect(h.served.propensity_run?.run_id).toBe(1)
    expect(h.served.customer_runs.map((c) => [c.dataset, c.label])).toEqual([['telco', 'churn']])
    for (const f of [h.served.pricing_run, h.served.elasticity_run, h.served.propensity_run])
      expect(f?.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect([h.items, h.learners, h.customers]).toEqual([500, 2500, 600])
    expect(h.reload).toBe('on_request')
  })

  it('the price sheet is the saved run, every item with its reason', async () => {
    const db = openSqlite(path, { readonly: true })
    const n = (JSON.parse(storedRunText(db)) as { rows: unknown[] }).rows.length
    db.close()
    expect(sheet.items).toHaveLength(n)
    expect(sheet.unit.kind).toBe('tokens')
    for (const r of sheet.items) expect(r.reason.length).toBeGreaterThan(10)
  })

  it("an item's price: the sheet's, with a forecast interval around the sheet's quantity", async () => {
    const row = sheet.items.find((r) => r.change_pct !== 0)!
    const p = itemPriceSchema.parse((await s.call('GET', `/v1/items/${row.id}/price`)).body)
    expect(p.source).toBe('price_sheet')
    expect(p.recommended_price).toBe(row.recommended_price)
    expect(p.reason).toBe(row.reason)
    expect(p.quantity).toBeCloseTo(row.quantity_after, 9)
    const qi = p.quantity_interval!
    expect(qi.low).toBeLessThanOrEqual(p.quantity)
    expect(qi.high).toBeGreaterThanOrEqual(p.quantity)
    // A real interval, but a narrow one for a move inside ±20%: 0 < width < 25% of the point.
    expect(qi.high - qi.low).toBeGreaterThan(0)
    expect((qi.high - qi.low) / p.quantity).toBeLessThan(0.25)
    expect(p.revenue_interval!.low).toBeCloseTo(qi.low * p.recommended_price, 6)
  })

  it('optimizes one item on the fly inside the given guardrails, by query or POST, on the same curve', async () => {
    const row = sheet.items.find((r) => r.binding_guardrail === null && r.change_pct > 1) ?? sheet.items[0]
    const q = itemPriceSchema.parse(
      (await s.call('GET', `/v1/items/${row.id}/price?max_increase=0.01&rounding=none`)).body
    )
    expect(q.source).toBe('optimized')
    expect(q.recommended_price).toBeLessThanOrEqual(row.current_price * 1.01 + 1e-9)
    const post = itemPriceSchema.parse(
      (await s.call('POST', `/v1/items/${row.id}/price`, { max_increase: 0.01, rounding: 'none' })).body
    )
    expect(post).toEqual(q)
    // The saved settings alone give back the sheet's price (the item's own optimum, same demand curve).
    const same = itemPriceSchema.parse((await s.call('POST', `/v1/items/${row.id}/price`, {})).body)
    expect(same.recommended_price).toBe(row.recommended_price)
  })

  it('demand: the served curve is the one the sheet was priced on, with intervals bounded on both sides', async () => {
    const rows = sheet.items.slice(0, 100)
    const at = async (price: (r: Sheet['items'][number]) => number) =>
      demandResponseSchema.parse(
        (await s.call('POST', '/v1/demand', { items: rows.map((r) => ({ id: r.id, price: price(r) })) })).body
      )
    const today = await at((r) => r.current_price)
    const rec = await at((r) => r.recommended_price)
    const up = await at((r) => r.current_price * 1.2)
    expect(today.demand).toBe('causal')
    rows.forEach((r, k) => {
      expect(today.items[k].quantity).toBeCloseTo(r.quantity_before, 9)
      expect(rec.items[k].quantity).toBeCloseTo(r.quantity_after, 9)
      // At today's price the elasticity does not matter: the interval is the point.
      expect(today.items[k].quantity_interval!.high - today.items[k].quantity_interval!.low).toBeLessThan(
        1e-9
      )
      // The causal curve: q(1.2 p0) = q0 · 1.2^ε.
      const u = up.items[k]
      expect(u.quantity).toBeCloseTo(r.quantity_before * 1.2 ** u.elasticity!, 9)
      expect(u.quantity_interval!.low).toBeLessThan(u.quantity)
      expect(u.quantity_interval!.high).toBeGreaterThan(u.quantity)
    })
  })

  it('demand: elasticities near the truth and intervals that cover it, neither too wide nor too narrow', async () => {
    const db = openSqlite(path, { readonly: true })
    const truth = new Map(
      db
        .prepare<{ key: string; value: number }>(
          "SELECT key, value FROM ground_truth WHERE scope = 'category' AND metric = 'elasticity'"
        )
        .all()
        .map((t) => [t.key, t.value])
    )
    db.close()
    const r = demandResponseSchema.parse(
      (
        await s.call('POST', '/v1/demand', {
          items: sheet.items.map((x) => ({ id: x.id, price: x.current_price * 1.2 }))
        })
      ).body
    )
    let covered = 0
    let width = 0
    r.items.forEach((x, k) => {
      const row = sheet.items[k]
      const eTrue = truth.get(row.segment)!
      expect(Math.abs(x.elasticity! - eTrue)).toBeLessThan(0.2)
      const qTrue = row.quantity_before * 1.2 ** eTrue
      if (qTrue >= x.quantity_interval!.low && qTrue <= x.quantity_interval!.high) covered++
      width += (x.quantity_interval!.high - x.quantity_interval!.low) / x.quantity
    })
    const n = r.items.length
    // 90% intervals per category (10 categories, shared by their items): most items covered, not all by width alone.
    expect(covered / n).toBeGreaterThan(0.6)
    expect(width / n).toBeGreaterThan(0.002)
    expect(width / n).toBeLessThan(0.1)
  })

  it('propensity of a learner and of a customer, with segments and reasons', async () => {
    const l = propensitySchema.parse((await s.call('GET', '/v1/learners/1/propensity')).body)
    expect(l.kind).toBe('learner')
    expect(l.scores.map((x) => x.target)).toEqual(['churn', 'enrollment', 'price_sensitivity'])
    const c = propensitySchema.parse((await s.call('GET', '/v1/customers/C0000001/propensity')).body)
    expect(c).toMatchObject({ kind: 'customer', dataset: 'telco' })
    expect(c.scores[0].target).toBe('churn')
    expect(c.scores[0].reasons.length).toBeGreaterThan(0)
    const named = propensitySchema.parse(
      (await s.call('GET', '/v1/customers/C0000001/propensity?dataset=telco')).body
    )
    expect(named).toEqual(c)
  })

  it('reload without a new run keeps what it serves', async () => {
    const r = reloadSchema.parse((await s.call('POST', '/v1/reload')).body)
    expect(r.reloaded).toBe(false)
  })
})

describe('pricelab serve: every error path in the one error shape', () => {
  it('401 without a token or with a wrong one; /openapi.json needs none', async () => {
    await expectError(
      s.call('GET', '/v1/health', undefined, { token: null }),
      401,
      'unauthorized',
      /bearer token/
    )
    const wrong = await expectError(
      s.call('POST', '/v1/demand', { items: [] }, { token: 'x'.repeat(31) }),
      401,
      'unauthorized',
      /bearer token/
    )
    expect(wrong.error.issues).toEqual([])
    const doc = await fetch(s.api.url + '/openapi.json')
    expect(doc.status).toBe(200)
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0')
  })

  it('404 for unknown ids and paths, with a clear message', async () => {
    await expectError(
      s.call('GET', '/v1/items/nope/price'),
      404,
      'not_found',
      /unknown item "nope" \(dataset sample:course_price_history has 500 items/
    )
    await expectError(
      s.call('GET', '/v1/items/nope/price?max_increase=0.1'),
      404,
      'not_found',
      /unknown item "nope"/
    )
    await expectError(
      s.call('POST', '/v1/demand', {
        items: [
          { id: '1', price: 10 },
          { id: 'zz', price: 3 }
        ]
      }),
      404,
      'not_found',
      /unknown item "zz"/
    )
    await expectError(
      s.call('GET', '/v1/learners/999999/propensity'),
      404,
      'not_found',
      /unknown learner "999999" \(2500 learners scored\)/
    )
    await expectError(
      s.call('GET', '/v1/customers/C9/propensity'),
      404,
      'not_found',
      /unknown customer "C9" in dataset "telco"/
    )
    await expectError(
      s.call('GET', '/v1/customers/C0000001/propensity?dataset=other'),
      404,
      'not_found',
      /no customer propensity run on dataset "other" \(runs exist on: telco\)/
    )
    await expectError(
      s.call('GET', '/v2/health'),
      404,
      'not_found',
      /no path \/v2\/health in API v1: see \/openapi.json/
    )
  })

  it('400 for bodies and queries that do not fit, naming the field (and line and column for bad JSON)', async () => {
    const bad = await expectError(
      s.call('POST', '/v1/demand', { items: [{ id: '1', price: -2 }] }),
      400,
      'invalid_input',
      /items\[0\]\.price/
    )
    expect(bad.error.issues[0]).toMatchObject({ file: 'request body', column_name: 'items[0].price' })
    const json = await expectError(
      s.call('POST', '/v1/demand', undefined, { raw: '{"items": [\n  {"id": "1", }\n]}' }),
      400,
      'invalid_input',
      /not JSON/
    )
    expect(json.error.issues[0]).toMatchObject({ file: 'request body', line: 2, column: 15 })
    await expectError(
      s.call('POST', '/v1/demand', undefined, { raw: '' }),
      400,
      'invalid_input',
      /body is empty/
    )
    await expectError(s.call('POST', '/v1/demand', { items: [] }), 400, 'invalid_input', /items/)
    await expectError(
      s.call('POST', '/v1/demand', { items: [{ id: '1', price: 1 }], extra: 1 }),
      400,
      'invalid_input',
      /extra/
    )
    await expectError(
      s.call('POST', '/v1/demand', {
        items: [
          { id: '1', price: 10 },
          { id: 1, price: 12 }
        ]
      }),
      400,
      'invalid_input',
      /item "1" is asked twice/
    )
    const q = await expectError(
      s.call('GET', '/v1/items/1/price?max_increase=abc'),
      400,
      'invalid_input',
      /max_increase/
    )
    expect(q.error.issues[0]).toMatchObject({ file: 'query', column_name: 'max_increase' })
    await expectError(s.call('GET', '/v1/items/1/price?colour=red'), 400, 'invalid_input', /colour/)
    await expectError(
      s.call('POST', '/v1/items/1/price', { min_price: 90, max_price: 50 }),
      400,
      'invalid_input',
      /minimum price 90 is above maximum price 50/
    )
    await expectError(
      s.call('POST', '/v1/items/1/price', { objective: 'margin' }),
      400,
      'invalid_input',
      /needs a cost/
    )
    await expectError(
      s.call('GET', '/v1/items/%E0%A4%A/price'),
      400,
      'invalid_input',
      /not a valid URL component/
    )
  })

  it('405 for a known path with another method', async () => {
    const r = await s.call('DELETE', '/v1/health')
    expect(r.status).toBe(405)
    expect(errorSchema.parse(r.body).error.code).toBe('method_not_allowed')
    expect(r.headers.get('allow')).toBe('GET')
  })

  it('413 for a body above the size limit, 429 above the rate limit (with Retry-After)', async () => {
    const small = await serveProject(path, { maxBody: 1000, rateLimit: 2 })
    try {
      const items = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1), price: 10 }))
      await expectError(
        small.call('POST', '/v1/demand', { items }),
        413,
        'too_large',
        /larger than 1000 bytes/
      )
      const answers = await Promise.all(Array.from({ length: 12 }, () => small.call('GET', '/v1/health')))
      const limited = answers.filter((a) => a.status === 429)
      expect(limited.length).toBeGreaterThan(0)
      expect(errorSchema.parse(limited[0].body).error.code).toBe('rate_limited')
      expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    } finally {
      await small.stop()
    }
  })
})

/** The request example the OpenAPI file gives, after checking it against the file's own request schema. */
function exampleOf(media: { schema: Record<string, unknown>; example?: unknown }): unknown {
  if (media.example === undefined) throw new Error('the OpenAPI file has no example for a request body')
  expect(z.fromJSONSchema(media.schema as never).safeParse(media.example).success).toBe(true)
  return media.example
}

describe('a client driven by the OpenAPI file calls every operation', () => {
  it('builds each request from the document and validates each answer against its response schema', async () => {
    const doc = JSON.parse(JSON.stringify(openApiDocument('test'))) as {
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string
            parameters?: { name: string; in: string; example: unknown }[]
            requestBody?: {
              content: { 'application/json': { schema: Record<string, unknown>; example?: unknown } }
            }
            responses: Record<
              string,
              { content: { 'application/json': { schema: Record<string, unknown> } } }
            >
          }
        >
      >
      components: { schemas: Record<string, Record<string, unknown>> }
    }
    const called: string[] = []
    for (const [template, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        let p = template
        for (const prm of op.parameters ?? [])
          if (prm.in === 'path') p = p.replace(`{${prm.name}}`, String(prm.example))
        const body = op.requestBody ? exampleOf(op.requestBody.content['application/json']) : undefined
        const r = await s.call(method.toUpperCase(), p, body)
        expect(r.status, `${method} ${p}: ${JSON.stringify(r.body)}`).toBe(200)
        const schema = z.fromJSONSchema(op.responses['200'].content['application/json'].schema as never)
        const check = schema.safeParse(r.body)
        expect(check.success, `${op.operationId}: ${check.error?.message}`).toBe(true)
        // Every error response of the document is the one error shape.
        const err = z.fromJSONSchema(doc.components.schemas.Error as never)
        expect(
          err.safeParse((await s.call(method.toUpperCase(), p, body, { token: null })).body).success
        ).toBe(true)
        called.push(op.operationId)
      }
    expect(called.sort()).toEqual(
      [
        'customerPropensity',
        'demand',
        'health',
        'itemPrice',
        'learnerPropensity',
        'optimizeItemPrice',
        'priceSheet',
        'reload'
      ].sort()
    )
  })
})
