import { describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'
import { importStorePanel } from './fixtures/store-panel'
import { Rng } from '../../src/core/util/rng'

/**
 * Returned results of a switchback by store: one row per item and week, the store's arm
 * alternating week by week from the plan's. Revenue = the item's own level + a store-week shock
 * + the planted effect in treatment weeks.
 */
function switchbackResults(plan: string[][], weeks: number, effect: number, seed: number): string[] {
  const rng = new Rng(seed)
  const level = new Map(plan.map(([u]) => [u, 200 * Math.exp(0.7 * rng.normal())]))
  const stores = [...new Set(plan.map((r) => r[3]))]
  const shock = new Map(
    stores.flatMap((s) => Array.from({ length: weeks }, (_, w) => [`${s}|${w}`, 15 * rng.normal()]))
  )
  const rows = ['unit,arm,week,exposures,conversions,revenue']
  for (const [unit, first, , store] of plan)
    for (let w = 0; w < weeks; w++) {
      const arm = (w % 2 === 0) === (first === 'treatment') ? 'treatment' : 'control'
      const y = (level.get(unit) as number) + (shock.get(`${store}|${w}`) as number) + 10 * rng.normal()
      rows.push(
        `${unit},${arm},${w + 1},100,10,${Math.max(0, y + (arm === 'treatment' ? effect : 0)).toFixed(2)}`
      )
    }
  return rows
}

describe('switchback results are analysed period by period (issue 26)', () => {
  it('refuses results without periods, and estimates a planted effect over store × week cells clustered by store', async () => {
    const dir = tempDir()
    const { db } = await importStorePanel(dir, { stores: 40, brands: 3, first: 1, weeks: 20, seed: 11 })
    const out = join(dir, 'sb.csv')
    const p = await cli(
      ...['abtest', '--db', db, '--units', 'items', '--dataset', 'juice', '--cluster-by', 'store'],
      ...['--design', 'switchback', '--treatment', 'change:-10%', '--mde', '0.5', '--accept-underpowered'],
      ...['--name', 'sb', '--out', out, '--json']
    )
    expect(p.err).toBe('')
    const plan = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','))
    const analyse = async (file: string, ...extra: string[]) =>
      cli('abtest-analyze', '--db', db, '--experiment', 'sb', '--results', file, ...extra, '--json')

    // A plain file (one row per item) cannot be read as a switchback: refused, naming the file.
    const plain = join(dir, 'plain.csv')
    writeFileSync(
      plain,
      ['unit,arm,exposures,conversions,revenue', ...plan.map(([u, a]) => `${u},${a},100,10,50`)].join('\n') +
        '\n'
    )
    const refused = await analyse(plain)
    expect(refused.code).not.toBe(0)
    expect(refused.err).toMatch(/plain\.csv.*switchback.*period/)

    let covered = 0
    const seeds = [1, 2, 3, 4, 5, 6]
    for (const seed of seeds) {
      const file = join(dir, `results-${seed}.csv`)
      writeFileSync(file, switchbackResults(plan, 8, 12, seed).join('\n') + '\n')
      const r = await analyse(file)
      expect(r.err).toBe('')
      const a = JSON.parse(r.out)
      expect(a.switchback).toMatchObject({
        periods: 8,
        cells: plan.length * 8,
        clusters: 40,
        dropped_cells: 0
      })
      expect(a.analysis_unit).toBe('cluster')
      expect(a.plan_check.counts).toEqual({ not_in_plan: 0, wrong_arm: 0, duplicate: 0 })
      const ci = a.comparisons[0].revenue_diff_ci
      if (ci.low <= 12 && 12 <= ci.high) covered++
      // Per cell, the noise left after the item's and the week's levels is the store-week shock (sd 15)
      // and the cell's own (sd 10): over 40 stores × 8 weeks the 95% interval is about ±3.5 wide.
      expect(ci.high - ci.low).toBeGreaterThan(3)
      expect(ci.high - ci.low).toBeLessThan(14)
    }
    expect(covered).toBeGreaterThanOrEqual(5)

    const carry = JSON.parse((await analyse(join(dir, 'results-1.csv'), '--carryover', '1')).out)
    expect(carry.switchback.carryover_periods).toBe(1)
    // Arms alternate every week: after a switch every week is a carry-over week, so nothing identifies the effect.
    expect(carry.switchback.dropped_cells).toBe(plan.length * 7)
    expect(carry.comparisons[0].enough_data).toBe(false)
    expect(carry.comparisons[0].not_enough_data_reason).toMatch(/carry-over/)
    const bad = await analyse(join(dir, 'results-1.csv'), '--carryover', '1.5')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--carryover/)
  }, 120_000)
})
