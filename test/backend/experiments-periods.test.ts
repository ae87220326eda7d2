import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openSqlite } from '../../src/backend/sqlite'
import { loadItems, PRE_PERIODS } from '../../src/core/experiments/units'
import { attachProjectData } from '../../src/core/experiments/plan-results'
import { DEFAULT_DESIGN, type PlanSummary } from '../../src/shared/experiments'
import { comparePeriods } from '../../src/core/experiments/periods'
import type { ResultRow } from '../../src/core/experiments/results-file'
import { cli, tempDir } from '../helpers'
import { importStorePanel, meanRevenue } from './fixtures/store-panel'

const closeTo = (got: Map<string, number>, want: Map<string, number>) => {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort())
  for (const [k, v] of want) expect(got.get(k)).toBeCloseTo(v, 6)
}

describe('periods compared as periods (issue 26)', () => {
  it('orders week numbers as numbers and ISO dates as dates', () => {
    expect(comparePeriods('99', '160')).toBeLessThan(0)
    expect(comparePeriods(160, '99')).toBeGreaterThan(0)
    expect(comparePeriods('2024-12-30', '2025-01-06')).toBeLessThan(0)
    expect(comparePeriods('160', '160.0')).toBe(0)
  })

  it('weeks 40–160: the plan is as of week 160, and the baseline and pre-period are the last weeks up to 160', async () => {
    const dir = tempDir()
    const { db, rows } = await importStorePanel(dir, { stores: 4, brands: 3, first: 40, weeks: 121, seed: 3 })
    const out = join(dir, 'plan.csv')
    const r = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'items',
      '--dataset',
      'juice',
      '--treatment',
      'change:-10%',
      '--stratify',
      'none',
      '--mde',
      '0.5',
      '--accept-underpowered',
      '--out',
      out,
      '--json'
    )
    expect(r.err).toBe('')
    expect(readFileSync(join(dir, 'plan.summary.csv'), 'utf8')).toMatch(/\r\ndata_as_of,160\r\n/)

    const sql = openSqlite(db)
    try {
      const units = loadItems(sql, 'juice')
      expect(units.as_of).toBe('160')
      const want = meanRevenue(rows, () => true, PRE_PERIODS)
      closeTo(new Map(units.ids.map((id, i) => [id, units.revenue[i]])), want)
      // Returned results: the CUPED covariate is each item's revenue over weeks 149–160, none after.
      const plan = { as_of: '160' } as PlanSummary
      const design = {
        ...DEFAULT_DESIGN,
        units: 'items' as const,
        dataset: 'juice',
        start_date: '2026-01-05'
      }
      const results: ResultRow[] = units.ids.map(
        (unit) =>
          ({
            unit,
            arm: 'control',
            exposures: 1,
            conversions: 0,
            revenue: 1,
            pre: null,
            cluster: null
          }) as unknown as ResultRow
      )
      attachProjectData(sql, design, plan, results)
      closeTo(new Map(results.map((x) => [x.unit, x.pre as number])), want)
    } finally {
      sql.close()
    }
  })

  it('ISO dates: the pre-period ends before the planned start date', async () => {
    const dir = tempDir()
    const { db, rows } = await importStorePanel(dir, {
      stores: 4,
      brands: 3,
      first: 0,
      weeks: 30,
      seed: 5,
      dates: true
    })
    const sql = openSqlite(db)
    try {
      const start = rows[20].week
      const units = loadItems(sql, 'juice')
      expect(units.as_of).toBe(rows[29].week)
      const design = { ...DEFAULT_DESIGN, units: 'items' as const, dataset: 'juice', start_date: start }
      const results = units.ids.map((unit) => ({ unit, arm: 'control', pre: null }) as unknown as ResultRow)
      attachProjectData(sql, design, { as_of: units.as_of } as PlanSummary, results)
      closeTo(
        new Map(results.map((x) => [x.unit, x.pre as number])),
        meanRevenue(rows, (w) => w < start, PRE_PERIODS)
      )
    } finally {
      sql.close()
    }
  })
})
