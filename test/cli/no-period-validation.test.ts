import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'
import { openSqlite } from '../../src/backend/sqlite'
import { importNoPeriodPanel, NO_PERIOD_ELASTICITY } from '../fixtures/no-period-panel'

interface Run {
  validation: string
  best_model: string | null
  models: { name: string; test_r2: number; validation: string }[]
  segments: {
    recommended: number | null
    recommended_ci_low: number | null
    recommended_ci_high: number | null
  }[]
}

const runCount = (db: string) => {
  const h = openSqlite(db)
  try {
    return (h.prepare<{ n: number }>('SELECT count(*) AS n FROM elasticity_runs').get() as { n: number }).n
  } finally {
    h.close()
  }
}

const elasticity = async (db: string, ...flags: string[]) => {
  const r = await cli(
    'elasticity',
    '--db',
    db,
    '--dataset',
    'cheese',
    '--models',
    'ols,gbm',
    ...flags,
    '--json'
  )
  return { ...r, json: r.code === 0 ? (JSON.parse(r.out) as Run) : null }
}

// A retailer panel with no period column and retailers 10× apart in volume (issue 28): the
// fallback to held-out items gave every model a negative R², and the study stopped there.
describe('a panel without a period column', () => {
  for (const seed of [1, 2])
    it(`seed ${seed}: validates on held-out rows of every retailer; every model beats the retailers' own means; the elasticity is right`, async () => {
      const db = await importNoPeriodPanel(tempDir(), { retailers: 40, rowsPerRetailer: 50, seed })
      const { json } = await elasticity(db, '--seed', String(seed))
      expect(json?.validation).toBe('rows')
      for (const m of json?.models ?? []) {
        expect(m.validation).toBe('rows')
        expect(m.test_r2).toBeGreaterThan(0.5)
      }
      expect(json?.best_model).not.toBeNull()
      const seg = json?.segments[0]
      expect(Math.abs((seg?.recommended ?? 0) - NO_PERIOD_ELASTICITY)).toBeLessThan(0.2)
      // The 90% interval holds the truth and is no wider than a useful one.
      expect(seg?.recommended_ci_low ?? 0).toBeLessThan(NO_PERIOD_ELASTICITY)
      expect(seg?.recommended_ci_high ?? 0).toBeGreaterThan(NO_PERIOD_ELASTICITY)
      expect((seg?.recommended_ci_high ?? 0) - (seg?.recommended_ci_low ?? 0)).toBeLessThan(0.6)
    }, 120_000)

  it('new items only when asked; a time holdout is refused with the reason and nothing is saved', async () => {
    const db = await importNoPeriodPanel(tempDir(), { retailers: 30, rowsPerRetailer: 40, seed: 3 })
    const items = await elasticity(db, '--validation', 'items')
    expect(items.json?.validation).toBe('items')
    const before = runCount(db)
    const time = await elasticity(db, '--validation', 'time')
    expect(time.code).toBe(1)
    expect(JSON.parse(time.out).error).toMatchObject({ code: 'invalid_input' })
    expect(JSON.parse(time.out).error.message).toContain('needs a period column, and this dataset has none')
    expect(runCount(db)).toBe(before)
  }, 120_000)

  it('the whole study runs to its report', async () => {
    const dir = tempDir()
    const db = await importNoPeriodPanel(dir, { retailers: 30, rowsPerRetailer: 40, seed: 4 })
    const r = await cli('run', '--db', db, '--report', join(dir, 'report'), '--json')
    const out = JSON.parse(r.out) as {
      status: string
      stages: { stage: string; status: string; message: string }[]
    }
    expect(out.status).toBe('ok')
    expect(out.stages.find((s) => s.stage === 'elasticity')?.status).toBe('ok')
    expect(r.code).toBe(0)
  }, 300_000)
})
