import { describe, expect, it } from 'vitest'
import { openSqlite } from '../../../src/backend/sqlite'
import { tempDir } from '../../helpers'
import { multiSeed } from '../../multi-seed'
import { importManySegmentPanel } from '../../fixtures/many-segments'
import { withinSegmentOls } from '../../fixtures/within-segment-ols'
import { loadDatasetPanel } from '../../../src/core/elasticity/panel'
import { dmlEstimate } from '../../../src/core/elasticity/dml'

interface BrandFigure {
  brand: string
  est: number
  truth: number
  reference: number
  covered: boolean
  width: number
}

/** The debiased estimate per brand on the 11-brand panel (imported as an analyst would), beside the truth and the within-brand regression. */
async function figures(seed: number): Promise<BrandFigure[]> {
  const { db, truth } = await importManySegmentPanel(tempDir(), { seed })
  const panel = loadDatasetPanel(openSqlite(db), 'juice11')
  const rows = Uint32Array.from({ length: panel.n }, (_, i) => i)
  const r = dmlEstimate(panel, rows, { folds: 3, seed, withinItems: true, repeats: 2 })
  const ref = withinSegmentOls(panel, ['feature', 'display'])
  return r.segments.map((s, k) => {
    const t = truth.brands.find((b) => b.name === s.segment)?.elasticity as number
    return {
      brand: s.segment,
      est: s.elasticity,
      truth: t,
      reference: ref[k].slope,
      covered: s.ci_low <= t && t <= s.ci_high,
      width: s.ci_high - s.ci_low
    }
  })
}

const worst = (xs: number[]) => Math.max(...xs.map(Math.abs))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

describe('per-segment debiased estimates with many segments (issue 25, item 5)', () => {
  it('11 brands × 80 stores × 60 weeks, brand-specific feature/display effects, promotion habits and seasons: each brand near its truth and its within-brand regression, seeds 1–5', async () => {
    const seeds = [1, 2, 3, 4, 5]
    const all: BrandFigure[][] = []
    for (const seed of seeds) all.push(await figures(seed))
    // Before the fix (controls and week effects partialled out across brands) the worst brand was
    // 0.31 / 0.51 / 0.20 / 0.32 / 0.52 off its truth and 4–10 of 11 intervals covered it.
    multiSeed(
      seeds,
      (seed) => all[seeds.indexOf(seed)],
      (f) => {
        expect(worst(f.map((b) => b.est - b.reference)), 'off the within-brand regression').toBeLessThan(0.1)
        expect(worst(f.map((b) => b.est - b.truth)), 'off the truth').toBeLessThan(0.25)
        expect(f.filter((b) => b.covered).length, 'covered').toBeGreaterThanOrEqual(8)
        const w = median(f.map((b) => b.width))
        expect(w).toBeGreaterThan(0.08)
        expect(w).toBeLessThan(0.35)
      },
      (f) =>
        f
          .map(
            (b) =>
              `${b.brand} ${b.est.toFixed(3)} (true ${b.truth.toFixed(3)}, ref ${b.reference.toFixed(3)})${b.covered ? '' : ' MISS'}`
          )
          .join('; ')
    )
    const flat = all.flat()
    const coverage = flat.filter((b) => b.covered).length / flat.length
    // 90% intervals over 55 brand-seeds: not below 0.8, and not all of them (intervals that always cover are too wide).
    expect(coverage).toBeGreaterThanOrEqual(0.8)
    expect(coverage).toBeLessThan(1)
    expect(median(flat.map((b) => Math.abs(b.est - b.truth)))).toBeLessThan(0.08)
  }, 300_000)
})
