import { describe, expect, it } from 'vitest'
import { newDb } from '../../../helpers'
import { generateRetailSample } from '../../../../src/core/data/sample/retail/generate'
import {
  loadRetailTruth,
  retailExpectedDemand,
  type RetailTruth
} from '../../../../src/core/data/sample/retail/truth'
import { retailTrueDemand } from '../../../../src/core/data/sample/retail/true-demand'
import { RETAIL_BRANDS, RETAIL_CROSS } from '../../../../src/core/data/sample/retail/brands'
import { RETAIL_DATASET } from '../../../../src/core/data/sample/retail/write'
import { RETAIL_EFFECTS } from '../../../../src/core/data/sample/retail/demand-model'
import { loadDatasetPanel } from '../../../../src/core/elasticity/panel'
import { buildCatalog, catalogExtras } from '../../../../src/core/pricing/catalog'
import type { Db } from '../../../../src/core/db/port'

function generated(seed: number, scale = 0.25): { db: Db; truth: RetailTruth } {
  const db = newDb()
  generateRetailSample(db, { seed, scale })
  const truth = loadRetailTruth(db)
  if (!truth) throw new Error('no truth')
  return { db, truth }
}

describe('retail sample: true expected demand', () => {
  it.each([1, 2, 3])('seed %i: reproduces the simulated weekly units at the observed prices', (seed) => {
    const { db, truth } = generated(seed)
    const rows = [
      ...db
        .prepare<unknown>(
          'SELECT item, price, quantity, feature, display FROM ds_retail_sample ORDER BY rowid'
        )
        .raw()
    ] as [string, number, number, number, number][]
    const nItems = truth.items.length
    const weeks = rows.length / nItems
    expect(weeks).toBe(truth.weeks)
    expect(rows.filter((_, k) => k % weeks === 0).map((r) => r[0])).toEqual(truth.items.map((it) => it.id))
    const observed = new Float64Array(RETAIL_BRANDS.length)
    const expected = new Float64Array(RETAIL_BRANDS.length)
    // Slow (summer) and busy (winter) weeks separately: the season term must be right, not just average out.
    const bySeason = { obs: [0, 0], exp: [0, 0] }
    for (let w = 0; w < weeks; w++) {
      const at = (i: number) => rows[i * weeks + w]
      const q = retailExpectedDemand(
        truth,
        Float64Array.from(truth.items, (_, i) => at(i)[1]),
        {
          feature: Uint8Array.from(truth.items, (_, i) => at(i)[3]),
          display: Uint8Array.from(truth.items, (_, i) => at(i)[4]),
          week: w
        }
      )
      const busy = Math.cos((2 * Math.PI * w) / 52) > 0 ? 1 : 0
      truth.items.forEach((it, i) => {
        observed[it.brand] += at(i)[2]
        expected[it.brand] += q[i]
        bySeason.obs[busy] += at(i)[2]
        bySeason.exp[busy] += q[i]
      })
    }
    // Each brand's total over 20 stores × 104 weeks has a noise of about 0.5%, so 3% catches a wrong term;
    // the grand total's is about 0.3%, so 1% catches a missing E[exp(noise)] (1.2%).
    RETAIL_BRANDS.forEach((b, i) => {
      expect(observed[i] / expected[i], b.name).toBeGreaterThan(0.97)
      expect(observed[i] / expected[i], b.name).toBeLessThan(1.03)
    })
    const total = observed.reduce((s, x) => s + x, 0) / expected.reduce((s, x) => s + x, 0)
    expect(Math.abs(total - 1)).toBeLessThan(0.01)
    for (const k of [0, 1]) expect(Math.abs(bySeason.obs[k] / bySeason.exp[k] - 1)).toBeLessThan(0.02)
  })

  it('applies own and cross-price effects within the store only', () => {
    const { truth } = generated(5, 0.1)
    const today = Float64Array.from(truth.items, (it) => it.currentPrice)
    const base = retailExpectedDemand(truth, today)
    const sun = truth.brands.findIndex((b) => b.name === 'Sunvale Premium')
    const orc = truth.brands.findIndex((b) => b.name === 'Orchard Gold')
    const target = truth.items.findIndex((it) => it.brand === sun)
    const store = truth.items[target].store
    const dearer = Float64Array.from(today)
    dearer[target] *= 1.1
    const q = retailExpectedDemand(truth, dearer)
    const gamma = RETAIL_CROSS.find((c) => c.brand === 'ORC' && c.other === 'SUN')?.elasticity as number
    truth.items.forEach((it, i) => {
      const ratio = q[i] / base[i]
      if (i === target) expect(ratio).toBeCloseTo(1.1 ** it.elasticity, 10)
      else if (it.store === store && it.brand === orc) expect(ratio).toBeCloseTo(1.1 ** gamma, 10)
      else expect(ratio).toBeCloseTo(1, 12)
    })
    expect(() => retailExpectedDemand(truth, today.subarray(1))).toThrow(/one per item/)
  })

  it("computes from the project's stored truth, not from today's generator constants", () => {
    const { db, truth } = generated(8, 0.05)
    expect(truth.effects).toEqual(RETAIL_EFFECTS)
    db.prepare(
      "UPDATE ground_truth SET value = ? WHERE scope = 'retail_model' AND metric = 'feature_effect'"
    ).run(Math.log(3))
    const stored = loadRetailTruth(db) as RetailTruth
    const today = Float64Array.from(stored.items, (it) => it.currentPrice)
    const featured = retailExpectedDemand(stored, today, { feature: new Uint8Array(today.length).fill(1) })
    const plain = retailExpectedDemand(stored, today)
    featured.forEach((q, i) => expect(q / plain[i]).toBeCloseTo(3, 10))
  })

  it("serves as the optimizer's DemandFn over the dataset's catalog, today's price being the latest week's", async () => {
    const { db, truth } = generated(6, 0.1)
    const panel = loadDatasetPanel(db, RETAIL_DATASET)
    const catalog = buildCatalog(panel, catalogExtras(db, RETAIL_DATASET), null)
    expect(catalog.items).toHaveLength(truth.items.length)
    const byId = new Map(truth.items.map((it) => [it.id, it]))
    for (const it of catalog.items) expect(it.current_price).toBe(byId.get(it.id)?.currentPrice)
    const demand = retailTrueDemand(db, RETAIL_DATASET, catalog.items)
    expect(demand).not.toBeNull()
    const all = Int32Array.from(catalog.items, (_, i) => i)
    const prices = Float64Array.from(catalog.items, (it) => it.current_price * 0.9)
    const got = await demand!(all, prices)
    const order = truth.items.map((t) => catalog.items.findIndex((c) => c.id === t.id))
    const want = retailExpectedDemand(
      truth,
      Float64Array.from(order, (c) => prices[c])
    )
    order.forEach((c, t) => expect(got[c]).toBeCloseTo(want[t], 9))
    // A call for some items keeps the others at today's price.
    const one = await demand!(Int32Array.of(order[0]), Float64Array.of(prices[order[0]]))
    const cut = Float64Array.from(truth.items, (it) => it.currentPrice)
    cut[0] = prices[order[0]]
    expect(one[0]).toBeCloseTo(retailExpectedDemand(truth, cut)[0], 9)
    expect(retailTrueDemand(db, 'other', catalog.items)).toBeNull()
  })

  it('gives the elasticity panel its true values per brand and per item', () => {
    const { db, truth } = generated(7, 0.1)
    const byBrand = loadDatasetPanel(db, RETAIL_DATASET)
    expect(byBrand.segmentName).toBe('brand')
    expect(byBrand.truth).toEqual(Object.fromEntries(RETAIL_BRANDS.map((b) => [b.name, b.elasticity])))
    const byItem = loadDatasetPanel(db, RETAIL_DATASET, { segment: 'item' })
    expect(Object.keys(byItem.truth ?? {})).toHaveLength(truth.items.length)
    expect(byItem.truth?.[truth.items[0].id]).toBe(truth.items[0].elasticity)
  })
})
