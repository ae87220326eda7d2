import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { multiSeed } from '../../multi-seed'
import { generateSampleData } from '../../../src/core/data/sample/generate'
import { loadSamplePanel } from '../../../src/core/elasticity/panel'
import { crossItemElasticities } from '../../../src/core/elasticity/cross-items'

/** The 90% normal quantile: a raw estimate beyond Z90 standard errors is "evidence" at 10%. */
const Z90 = 1.6448536269514722

/**
 * The EdTech sample plants NO course-by-course cross effect (each course's demand moves with its own
 * price, its category's season and independent noise: src/core/data/sample/demand-model.ts), so every
 * item-level cell is a null cell and its 90% interval should hold 0 about 90% of the time.
 */
function nullCells(seed: number) {
  const db = newDb()
  generateSampleData(db, { seed, scale: 0.2 })
  const r = crossItemElasticities(loadSamplePanel(db), {})
  const cells = r.cross
  const raw = cells.map((c) => c.raw as number)
  // Each cell's own standard error before shrinkage (se² = s² τ² / (τ² − s²), τ the prior's sd 0.5).
  const rawSe = cells.map((c) => {
    const s = c.se as number
    return Math.sqrt((s * s * 0.25) / (0.25 - s * s))
  })
  const widths = cells.map((c) => c.ci_high - c.ci_low).sort((a, b) => a - b)
  // The width a calibrated 90% interval would have, from the estimates' own spread around the known 0:
  // for normal estimates the median |estimate| is 0.674 standard deviations (a median, as a few cells
  // resting on a handful of weeks have estimates far out).
  const absRaw = raw.map(Math.abs).sort((a, b) => a - b)
  const spread = absRaw[absRaw.length >> 1] / 0.6745
  const absZ = raw.map((b, k) => Math.abs(b) / rawSe[k]).sort((a, b) => a - b)
  return {
    cells: cells.length,
    holdZero: cells.filter((c) => c.ci_low <= 0 && 0 <= c.ci_high).length / cells.length,
    rawHoldZero: raw.filter((b, k) => Math.abs(b) <= Z90 * rawSe[k]).length / raw.length,
    evidence: cells.filter((c) => c.reading !== 'no evidence').length / cells.length,
    medianWidth: widths[widths.length >> 1],
    referenceWidth: 2 * Z90 * spread,
    medianAbsZ: absZ[absZ.length >> 1]
  }
}

describe('item-level cross cells on the EdTech sample, which plants none (issue 24)', () => {
  // Observed before the fix: 20–24% of the cells read "substitutes" or "complements" and the 90% intervals held 0
  // for only 76–80% (seeds 1–3): the variance missed the leverage of the few weeks a cell rests on.
  it('seeds 1–5: the 90% intervals hold 0 for 85–95% of the cells, with widths near what the estimates spread calls for', () => {
    multiSeed([1, 2, 3, 4, 5], nullCells, (v) => {
      // 10 categories × the 10 best-selling courses × 9 competitors (fewer where a pair shares too few weeks).
      expect(v.cells).toBeGreaterThan(850)
      expect(v.holdZero).toBeGreaterThanOrEqual(0.85)
      expect(v.holdZero).toBeLessThanOrEqual(0.95)
      expect(v.rawHoldZero).toBeGreaterThanOrEqual(0.82)
      expect(v.rawHoldZero).toBeLessThanOrEqual(0.96)
      expect(v.evidence).toBeLessThanOrEqual(0.15)
      // Width, both sides: neither collapsed nor blown up against the estimates' own spread.
      expect(v.medianWidth).toBeGreaterThan(0.5 * v.referenceWidth)
      expect(v.medianWidth).toBeLessThan(1.5 * v.referenceWidth)
      // A calibrated z has a median |z| of 0.674.
      expect(v.medianAbsZ).toBeGreaterThan(0.55)
      expect(v.medianAbsZ).toBeLessThan(0.8)
    })
  }, 300_000)
})
