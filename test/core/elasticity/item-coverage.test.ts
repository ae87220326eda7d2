import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { acrossSeeds, retailLikePanel } from './retail-like'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { generateRetailSample } from '../../../src/core/data/sample/retail/generate'
import { loadDatasetPanel, loadSamplePanel, type Panel } from '../../../src/core/elasticity/panel'
import { dmlEstimate } from '../../../src/core/elasticity/dml'

const Z90 = 1.6448536269514722

/**
 * How honest the items' own standard errors are: the share of own ± 1.645·se intervals that
 * cover the item's truth, and the RMS of (own − truth) / se (1 when the se is right).
 */
function ownCalibration(panel: Panel, truth: (item: string, segment: string) => number, seed: number) {
  const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
  const r = dmlEstimate(panel, rows, { folds: 3, seed, withinItems: true, repeats: 2 })
  const z = r.items
    .filter((i) => i.identified && i.own !== null && i.own_se !== null)
    .map((i) => ((i.own as number) - truth(i.item, i.segment)) / (i.own_se as number))
  return {
    n: z.length,
    coverage: z.filter((v) => Math.abs(v) <= Z90).length / z.length,
    zRms: Math.sqrt(z.reduce((a, v) => a + v * v, 0) / z.length),
    itemSd: r.item_sd
  }
}

describe("per-item DML standard errors are honest (90% intervals of the items' own estimates cover ~90%)", () => {
  it('EdTech sample (scale 0.1; every course has its category elasticity): coverage 0.85–0.97, z RMS ≤ 1.15, estimated spread between courses ≤ 0.05, seeds 1–3', () => {
    for (const { seed, value } of acrossSeeds([1, 2, 3], (seed) => {
      const db = newDb()
      generateSampleData(db, { seed, scale: 0.1 })
      const panel = loadSamplePanel(db)
      const truth = panel.truth as Record<string, number>
      return ownCalibration(panel, (_, s) => truth[s], seed)
    })) {
      expect(value.n, `seed ${seed}`).toBeGreaterThan(150)
      expect(value.coverage, `seed ${seed}`).toBeGreaterThanOrEqual(0.85)
      expect(value.coverage, `seed ${seed}`).toBeLessThanOrEqual(0.97)
      expect(value.zRms, `seed ${seed}`).toBeLessThanOrEqual(1.15)
      // No spread between courses: the pooled per-course elasticities are the category's.
      expect(value.itemSd, `seed ${seed}`).toBeLessThanOrEqual(0.05)
    }
  })

  it('retail sample (scale 0.2; store × brand items scatter around their brand): coverage 0.8–0.97, z RMS ≤ 1.15, seeds 1–3', () => {
    for (const { seed, value } of acrossSeeds([1, 2, 3], (seed) => {
      const db = newDb()
      generateRetailSample(db, { seed, scale: 0.2 })
      const truth = new Map(
        db
          .prepare<{ key: string; value: number }>(
            "SELECT key, value FROM ground_truth WHERE scope = 'retail_item' AND metric = 'elasticity'"
          )
          .all()
          .map((r) => [r.key, r.value])
      )
      return ownCalibration(loadDatasetPanel(db, 'retail_sample'), (item) => truth.get(item) as number, seed)
    })) {
      expect(value.n, `seed ${seed}`).toBeGreaterThan(100)
      expect(value.coverage, `seed ${seed}`).toBeGreaterThanOrEqual(0.8)
      expect(value.coverage, `seed ${seed}`).toBeLessThanOrEqual(0.97)
      expect(value.zRms, `seed ${seed}`).toBeLessThanOrEqual(1.15)
    }
  })

  // Poisson sales with one-week promotions: the promotion rows (which carry the slope) have less
  // log-scale noise than the item's average row, so the conventional se is conservative here
  // (coverage 0.91–0.99). The bound that matters is the lower one: intervals not too narrow.
  it('retail-like panel, items scattered around their brand (sd 0.3) and not (sd 0): coverage ≥ 0.85, z RMS ≤ 1.15, seeds 1–3', () => {
    for (const itemSd of [0, 0.3])
      for (const { seed, value } of acrossSeeds([1, 2, 3], (seed) => {
        const p = retailLikePanel({ seed, stores: 30, weeks: 52, itemSd })
        return ownCalibration(p, (item) => p.itemTruth[item], seed)
      })) {
        expect(value.n, `sd ${itemSd} seed ${seed}`).toBe(90)
        expect(value.coverage, `sd ${itemSd} seed ${seed}`).toBeGreaterThanOrEqual(0.85)
        expect(value.zRms, `sd ${itemSd} seed ${seed}`).toBeLessThanOrEqual(1.15)
      }
  })
})
