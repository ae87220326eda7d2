import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { multiSeed } from '../../multi-seed'
import { generateRetailSample } from '../../../src/core/data/sample/retail/generate'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { loadDatasetPanel, loadSamplePanel, PanelError } from '../../../src/core/elasticity/panel'
import { crossElasticities } from '../../../src/core/elasticity/cross'
import { crossGroupOf } from '../../../src/core/elasticity/cross-groups'
import type { Db } from '../../../src/core/db/port'

/** The planted cross effects and brand elasticities of a generated retail sample, from ground_truth. */
function retailTruth(db: Db) {
  const rows = db
    .prepare<{ scope: string; key: string; value: number }>(
      "SELECT scope, key, value FROM ground_truth WHERE scope IN ('retail_cross', 'retail_brand') AND metric = 'elasticity'"
    )
    .all()
  return {
    cross: new Map(rows.filter((r) => r.scope === 'retail_cross').map((r) => [r.key, r.value])),
    own: new Map(rows.filter((r) => r.scope === 'retail_brand').map((r) => [r.key, r.value]))
  }
}

function retailCross(seed: number) {
  const db = newDb()
  generateRetailSample(db, { seed, scale: 1 })
  const panel = loadDatasetPanel(db, 'retail_sample')
  const group = crossGroupOf(db, panel, undefined)
  const t = retailTruth(db)
  const r = crossElasticities(panel, { group: group as NonNullable<typeof group> })
  const cells = r.cross.map((c) => ({ ...c, truth: t.cross.get(`${c.on}|${c.of}`) ?? 0 }))
  const planted = cells.filter((c) => t.cross.has(`${c.on}|${c.of}`))
  return {
    group: group?.name,
    cells: cells.length,
    planted: planted.length,
    plantedMaxErr: Math.max(...planted.map((c) => Math.abs(c.elasticity - c.truth))),
    zeroMaxAbs: Math.max(...cells.filter((c) => c.truth === 0).map((c) => Math.abs(c.elasticity))),
    coverage: cells.filter((c) => c.ci_low <= c.truth && c.truth <= c.ci_high).length / cells.length,
    meanWidth: cells.reduce((s, c) => s + c.ci_high - c.ci_low, 0) / cells.length,
    plantedReadings: planted.map((c) => c.reading),
    ownMaxErr: Math.max(...r.cross_own.map((o) => Math.abs(o.elasticity - (t.own.get(o.segment) as number)))),
    minN: Math.min(...cells.map((c) => c.n))
  }
}

describe('cross-price elasticities (brands within a store)', () => {
  // The issue: the retail sample plants five cross effects, PriceLab recovered none.
  it('retail sample seeds 1–3: every planted cross effect within ±0.10, the 42 cells cover at 90% (0.8–1) with bounded width, own effects jointly within ±0.10', () => {
    multiSeed([1, 2, 3], retailCross, (v) => {
      expect(v.group).toBe('store')
      expect(v.cells).toBe(42)
      expect(v.planted).toBe(5)
      expect(v.plantedMaxErr).toBeLessThanOrEqual(0.1)
      expect(v.zeroMaxAbs).toBeLessThanOrEqual(0.1)
      expect(v.coverage).toBeGreaterThanOrEqual(0.8)
      expect(v.meanWidth).toBeGreaterThan(0.02)
      expect(v.meanWidth).toBeLessThan(0.2)
      expect(v.plantedReadings.every((r) => r === 'substitutes')).toBe(true)
      expect(v.ownMaxErr).toBeLessThanOrEqual(0.1)
      expect(v.minN).toBeGreaterThanOrEqual(80 * 100)
    })
  }, 120_000)

  it('a thin cell is shrunk toward zero and its interval widens: few stores and weeks', () => {
    const db = newDb()
    generateRetailSample(db, { seed: 4, scale: 0.05 })
    const panel = loadDatasetPanel(db, 'retail_sample')
    const group = crossGroupOf(db, panel, 'store') as NonNullable<ReturnType<typeof crossGroupOf>>
    const r = crossElasticities(panel, { group, priorSd: 0.05 })
    for (const c of r.cross) {
      expect(Math.abs(c.elasticity)).toBeLessThanOrEqual(Math.abs(c.raw) + 1e-12)
      expect(c.ci_high - c.ci_low).toBeGreaterThan(0)
    }
    const loose = crossElasticities(panel, { group, priorSd: 10 })
    const shrunk = r.cross.reduce((s, c) => s + Math.abs(c.elasticity), 0)
    expect(shrunk).toBeLessThan(loose.cross.reduce((s, c) => s + Math.abs(c.elasticity), 0))
  })

  it('EdTech sample: no group column, so no cross matrix (own elasticities untouched)', () => {
    const db = newDb()
    generateSampleData(db, { seed: 1, scale: 0.02 })
    const panel = loadSamplePanel(db)
    expect(crossGroupOf(db, panel, undefined)).toBeNull()
    expect(() => crossGroupOf(db, panel, 'store')).toThrow(/--cross-group store/)
  })

  it('--cross-group none turns it off; a column that does not split items as brand × group is refused, naming the flag', () => {
    const db = newDb()
    generateRetailSample(db, { seed: 2, scale: 0.05 })
    const panel = loadDatasetPanel(db, 'retail_sample')
    expect(crossGroupOf(db, panel, 'none')).toBeNull()
    expect(() => crossGroupOf(db, panel, 'nope')).toThrow(PanelError)
    expect(() => crossGroupOf(db, panel, 'nope')).toThrow(
      /--cross-group nope: dataset "retail_sample" has no column "nope"/
    )
    expect(() => crossGroupOf(db, panel, 'week')).toThrow(
      /--cross-group week: items change their "week" value/
    )
  })
})
