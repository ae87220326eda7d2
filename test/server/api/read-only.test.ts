import { describe, expect, it } from 'vitest'
import { Backend } from '../../../src/backend/backend'
import { openSqlite } from '../../../src/backend/sqlite'
import { DEFAULT_SETTINGS } from '../../../src/shared/pricing/defaults'
import {
  demandResponseSchema,
  healthSchema,
  priceSheetSchema,
  reloadSchema,
  type Health
} from '../../../src/shared/serve/contract'
import { sha256 } from '../../helpers'
import { retailProject } from './fixture'
import { serveProject, type Running } from './harness'

const health = async (s: Running) => healthSchema.parse((await s.call('GET', '/v1/health')).body)
const sheet = async (s: Running) => priceSheetSchema.parse((await s.call('GET', '/v1/price-sheet')).body)

/** A new price sheet written by the app (a Backend, as the desktop window or the CLI use) with other guardrails. */
async function appOptimizes(path: string, maxIncrease: number): Promise<number> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  try {
    b.openProject(path, { create: false })
    const settings = {
      ...DEFAULT_SETTINGS,
      guardrails: { ...DEFAULT_SETTINGS.guardrails, max_increase: maxIncrease }
    }
    return (await b.call('pricing:optimize', { model: 'ols', settings })).run_id as number
  } finally {
    b.close()
  }
}

describe('pricelab serve never writes and keeps serving while the app writes (retail sample)', () => {
  it("leaves the project's bytes unchanged after a session that calls every path", async () => {
    const path = await retailProject(3)
    const before = sha256(path)
    const s = await serveProject(path)
    const items = (await sheet(s)).items
    const asked = items.slice(0, 20).map((r) => ({ id: r.id, price: r.current_price * 0.9 }))
    for (let k = 0; k < 5; k++) {
      expect((await s.call('POST', '/v1/demand', { items: asked })).status).toBe(200)
      expect((await s.call('GET', `/v1/items/${items[k].id}/price`)).status).toBe(200)
      expect((await s.call('POST', `/v1/items/${items[k].id}/price`, { max_decrease: 0.05 })).status).toBe(
        200
      )
      expect((await s.call('POST', '/v1/reload')).status).toBe(200)
    }
    await s.stop()
    expect(sha256(path)).toBe(before)
  }, 120_000)

  it('serves the runs it loaded while the app writes a new sheet, and loads it only when asked', async () => {
    const path = await retailProject(4)
    const s = await serveProject(path)
    try {
      const first = await health(s)
      const old = await sheet(s)
      // Nothing new yet: a reload is a no-op (and must not stop the next one from loading).
      expect(reloadSchema.parse((await s.call('POST', '/v1/reload')).body).reloaded).toBe(false)
      const asked = { items: old.items.slice(0, 10).map((r) => ({ id: r.id, price: r.current_price })) }
      // Requests keep being answered while the app optimizes and writes.
      let writing = true
      const write = appOptimizes(path, 0.05).finally(() => (writing = false))
      let answered = 0
      while (writing) {
        const r = await s.call('POST', '/v1/demand', asked)
        expect(r.status).toBe(200)
        demandResponseSchema.parse(r.body)
        answered++
      }
      const newId = await write
      expect(answered).toBeGreaterThan(0)
      expect(newId).toBeGreaterThan(old.pricing_run_id)
      // Still the old sheet, byte for byte: no reload without --watch or /v1/reload.
      expect(await sheet(s)).toEqual(old)
      expect((await health(s)).served).toEqual(first.served)
      const r = reloadSchema.parse((await s.call('POST', '/v1/reload')).body)
      expect(r.reloaded).toBe(true)
      expect(r.health.served.pricing_run?.run_id).toBe(newId)
      expect(r.health.served.pricing_run?.fingerprint).not.toBe(first.served.pricing_run?.fingerprint)
      // The elasticity run (and so the demand curve) did not change: same fingerprint.
      expect(r.health.served.elasticity_run).toEqual(first.served.elasticity_run)
      expect((await sheet(s)).pricing_run_id).toBe(newId)
    } finally {
      await s.stop()
    }
  }, 180_000)

  it('with --watch, loads a new run by itself', async () => {
    const path = await retailProject(5)
    const s = await serveProject(path, { watchMs: 20 })
    try {
      expect((await health(s)).reload).toBe('watch')
      const reloaded = new Promise<Health>((resolve) => s.api.onReload(resolve))
      const newId = await appOptimizes(path, 0.1)
      const h = await reloaded
      expect(h.served.pricing_run?.run_id).toBe(newId)
      expect((await health(s)).served.pricing_run?.run_id).toBe(newId)
    } finally {
      await s.stop()
    }
  }, 180_000)
})

describe('the served demand curve against the retail sample truth, several seeds', () => {
  for (const seed of [3, 6])
    it(`seed ${seed}: elasticities near the truth, intervals that cover the brand's truth`, async () => {
      const path = await retailProject(seed)
      const db = openSqlite(path, { readonly: true })
      const truthOf = (scope: string) =>
        new Map(
          db
            .prepare<{ key: string; value: number }>(
              "SELECT key, value FROM ground_truth WHERE scope = ? AND metric = 'elasticity'"
            )
            .all(scope)
            .map((t) => [t.key, t.value])
        )
      const itemTruth = truthOf('retail_item')
      const brandTruth = truthOf('retail_brand')
      db.close()
      const s = await serveProject(path)
      try {
        const items = (await sheet(s)).items
        const r = demandResponseSchema.parse(
          (
            await s.call('POST', '/v1/demand', {
              items: items.map((x) => ({ id: x.id, price: x.current_price * 0.8 }))
            })
          ).body
        )
        let err = 0
        let brandCovered = 0
        let itemCovered = 0
        let width = 0
        const covers = (x: (typeof r.items)[number], q: number) =>
          q >= x.quantity_interval!.low && q <= x.quantity_interval!.high
        r.items.forEach((x, k) => {
          const eItem = itemTruth.get(x.id)!
          const eBrand = brandTruth.get(items[k].segment)!
          err += Math.abs(x.elasticity! - eItem)
          if (covers(x, items[k].quantity_before * 0.8 ** eBrand)) brandCovered++
          if (covers(x, items[k].quantity_before * 0.8 ** eItem)) itemCovered++
          width += (x.quantity_interval!.high - x.quantity_interval!.low) / x.quantity
        })
        const n = r.items.length
        console.log(
          `retail seed ${seed}: mean |ε − item truth| ${(err / n).toFixed(3)}, brand truth covered ${(brandCovered / n).toFixed(2)}, item truth covered ${(itemCovered / n).toFixed(2)}, mean relative width ${(width / n).toFixed(3)}`
        )
        expect(err / n).toBeLessThan(0.3)
        expect(brandCovered / n).toBeGreaterThan(0.6)
        expect(width / n).toBeGreaterThan(0.005)
        expect(width / n).toBeLessThan(0.25)
      } finally {
        await s.stop()
      }
    }, 120_000)
})
