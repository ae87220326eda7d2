import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'
import { multiSeed } from '../multi-seed'
import { importCourseCrossPanel } from '../fixtures/course-cross'

interface Cell {
  on: string
  of: string
  elasticity: number
  ci_low: number
  ci_high: number
  n: number
  reading: string
  within?: string
}

interface SeedFigure {
  level: string
  group: string
  cells: number
  plantedWorst: number
  coverage: number
  medianWidth: number
  ownWorst: number
  readings: string[]
}

const itemLevelRun = (db: string) =>
  cli(
    'elasticity',
    '--db',
    db,
    '--dataset',
    'courses',
    '--models',
    'ols',
    '--dml',
    'off',
    '--cross-group',
    'category',
    '--json'
  )

/** One seed: the course panel imported as an analyst would, then `elasticity --cross-group category --json`. */
async function figure(seed: number): Promise<SeedFigure> {
  const { db, truth } = await importCourseCrossPanel(tempDir(), { seed })
  const r = await itemLevelRun(db)
  if (r.code !== 0) throw new Error(r.err || r.out)
  const j = JSON.parse(r.out) as {
    cross_group: string
    cross_level: string
    cross: Cell[]
    cross_own: { segment: string; elasticity: number }[]
  }
  const planted = new Map(truth.flatMap((t) => t.cells.map((c) => [`${c.on}|${c.of}`, c.gamma])))
  const truthOf = (c: Cell) => planted.get(`${c.on}|${c.of}`) ?? 0
  const widths = j.cross.map((c) => c.ci_high - c.ci_low).sort((a, b) => a - b)
  const found = [...planted.keys()].map((k) => j.cross.find((c) => `${c.on}|${c.of}` === k))
  return {
    level: j.cross_level,
    group: j.cross_group,
    cells: j.cross.length,
    plantedWorst: Math.max(...found.map((c) => (c ? Math.abs(c.elasticity - truthOf(c)) : Infinity))),
    coverage:
      j.cross.filter((c) => c.ci_low <= truthOf(c) && truthOf(c) <= c.ci_high).length / j.cross.length,
    medianWidth: widths[widths.length >> 1],
    ownWorst: Math.max(
      ...truth.map((t) =>
        Math.abs((j.cross_own.find((o) => o.segment === t.category)?.elasticity ?? NaN) - t.elasticity)
      )
    ),
    readings: found.map((c) => c?.reading ?? 'missing')
  }
}

describe('item-level cross-price matrices: courses competing inside their category (issue 24)', () => {
  it('recovers the planted course-by-course effects (seeds 1–5): each within ±0.10, 90% coverage 0.8–0.98 over every cell, intervals of bounded width', async () => {
    const seeds = [1, 2, 3, 4, 5]
    const figs: SeedFigure[] = []
    for (const seed of seeds) figs.push(await figure(seed))
    multiSeed(
      seeds,
      (seed) => figs[seed - 1],
      (f) => {
        expect(f.level).toBe('item')
        expect(f.group).toBe('category')
        // 3 categories × the 10 best-selling courses: 3 × 10 × 9 cells.
        expect(f.cells).toBe(270)
        expect(f.plantedWorst).toBeLessThanOrEqual(0.1)
        expect(f.coverage).toBeGreaterThanOrEqual(0.8)
        expect(f.coverage).toBeLessThanOrEqual(0.98)
        expect(f.medianWidth).toBeGreaterThan(0.05)
        expect(f.medianWidth).toBeLessThan(0.6)
        expect(f.ownWorst).toBeLessThanOrEqual(0.1)
        // Per category, the planted cells' reading: three substitutes and one complement.
        expect(f.readings).toEqual(
          Array(3).fill(['substitutes', 'substitutes', 'substitutes', 'complements']).flat()
        )
      },
      (f) => JSON.stringify(f)
    )
  }, 600_000)

  it('scenarios and the optimizer move the other courses through the item-level matrix (seeds 1–2)', async () => {
    const outcomes: {
      links: string
      scenarioNote: string
      withCross: number
      without: number
      own: string
    }[] = []
    for (const seed of [1, 2]) {
      const { db } = await importCourseCrossPanel(tempDir(), { seed })
      expect((await itemLevelRun(db)).code).toBe(0)
      // The best seller 10% cheaper: its competitors PRO-102 (γ 0.3) and PRO-103 (γ 0.25) lose enrollments.
      const scenario = async (...extra: string[]) => {
        const r = await cli('scenario', '--db', db, '--change', 'item=PRO-101:-10%', ...extra, '--json')
        if (r.code !== 0) throw new Error(r.err || r.out)
        return JSON.parse(r.out).scenarios[0] as { enrollments: number; notes: string[] }
      }
      const withCross = await scenario()
      const without = await scenario('--ignore-cross')
      const opt = await cli('optimize', '--db', db, '--out', join(tempDir(), 'p.csv'), '--json')
      if (opt.code !== 0) throw new Error(opt.err || opt.out)
      const j = JSON.parse(opt.out)
      outcomes.push({
        links: String(j.demand_label ?? '') + ' ' + String(j.demand ?? ''),
        scenarioNote: withCross.notes.join(' | '),
        withCross: withCross.enrollments,
        without: without.enrollments,
        own: j.own_source
      })
    }
    multiSeed(
      [1, 2],
      (seed) => outcomes[seed - 1],
      (o) => {
        expect(o.scenarioNote).toMatch(/cross-price effects: \d+ links between items/)
        expect(o.withCross).toBeLessThan(o.without)
        // Own elasticities from the regression that estimated the cross terms.
        expect(o.own).toBe('cross_own')
      },
      (o) => JSON.stringify(o)
    )
  }, 600_000)
})
