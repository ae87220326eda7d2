import { describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'
import { importStorePanel } from './fixtures/store-panel'

const csv = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','))
const summaryOf = (path: string) => new Map(csv(path).map(([k, ...v]) => [k, v.join(',')]))

describe('units and clusters from the dataset (issue 26)', () => {
  it('clusters whole stores, fills the plan’s cluster column, speaks the panel’s words, and analyses at the store', async () => {
    const dir = tempDir()
    const { db } = await importStorePanel(dir, { stores: 12, brands: 3, first: 40, weeks: 30, seed: 7 })
    const base = [
      'abtest',
      '--db',
      db,
      '--units',
      'items',
      '--dataset',
      'juice',
      '--mde',
      '0.5',
      '--accept-underpowered'
    ]

    // Item by item: the plan says the items share a store and recommends clustering by it.
    const loose = await cli(
      ...base,
      '--treatment',
      'change:-10%',
      '--name',
      'loose',
      '--out',
      join(dir, 'loose.csv'),
      '--json'
    )
    expect(loose.err).toBe('')
    const l = JSON.parse(loose.out)
    expect(l.cannibalization.shared_column).toBe('store')
    expect(l.cannibalization.advice).toMatch(/Cluster by store/)
    expect(summaryOf(join(dir, 'loose.summary.csv')).get('stratify')).toBe('brand')

    const out = join(dir, 'plan.csv')
    const r = await cli(
      ...base,
      '--treatment',
      'change:-10%',
      '--cluster-by',
      'store',
      '--out',
      out,
      '--json'
    )
    expect(r.err).toBe('')
    const j = JSON.parse(r.out)
    expect(j.clusters).toBe(12)
    expect(j.cannibalization.advice).toMatch(/^Protected/)
    const plan = csv(out)
    expect(plan[0]).toEqual([
      'unit_id',
      'arm',
      'stratum',
      'cluster',
      'current_price',
      'assigned_price',
      'price_change_pct'
    ])
    const armOfStore = new Map<string, Set<string>>()
    for (const [unit, arm, , cluster] of plan.slice(1)) {
      expect(cluster).toBe(unit.split('-')[0])
      armOfStore.set(cluster, (armOfStore.get(cluster) ?? new Set()).add(arm))
    }
    for (const arms of armOfStore.values()) expect(arms.size).toBe(1)
    expect(new Set([...armOfStore.values()].map((s) => [...s][0]))).toEqual(new Set(['control', 'treatment']))
    const summary = summaryOf(join(dir, 'plan.summary.csv'))
    expect(summary.get('cluster')).toBe('store')
    expect(summary.get('units')).toBe('items')
    expect(summary.get('data_as_of')).toBe('69')
    expect(summary.get('design')).toMatch(/clustered by store/)
    for (const v of summary.values()) expect(v).not.toMatch(/course|learner|category|teacher/i)

    // Results come back: the analysis runs over stores, not items.
    const results = [
      'unit,arm,exposures,conversions,revenue',
      ...plan.slice(1).map(([u, a]) => `${u},${a},100,10,${50 + (u.length % 7)}`)
    ]
    writeFileSync(join(dir, 'results.csv'), results.join('\n') + '\n')
    const a = await cli(
      'abtest-analyze',
      '--db',
      db,
      '--experiment',
      'price-test',
      '--results',
      join(dir, 'results.csv'),
      '--json'
    )
    expect(a.err).toBe('')
    expect(JSON.parse(a.out).analysis_unit).toBe('cluster')
  }, 60_000)

  it('takes any id column as the unit, and schedules a switchback', async () => {
    const dir = tempDir()
    const { db } = await importStorePanel(dir, { stores: 12, brands: 3, first: 1, weeks: 20, seed: 8 })
    const stores = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'store',
      '--dataset',
      'juice',
      '--stratify',
      'none',
      '--treatment',
      'change:-10%',
      '--mde',
      '0.5',
      '--accept-underpowered',
      '--out',
      join(dir, 's.csv'),
      '--json'
    )
    expect(stores.err).toBe('')
    expect(JSON.parse(stores.out).units).toBe(12)
    expect(summaryOf(join(dir, 's.summary.csv')).get('units')).toBe('stores')

    const sb = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'items',
      '--dataset',
      'juice',
      '--cluster-by',
      'store',
      '--design',
      'switchback',
      '--treatment',
      'change:-10%',
      '--mde',
      '0.5',
      '--accept-underpowered',
      '--name',
      'sb',
      '--out',
      join(dir, 'sb.csv'),
      '--json'
    )
    expect(sb.err).toBe('')
    const j = JSON.parse(sb.out)
    expect(j.design).toMatch(/switchback by store/)
    expect(j.cuped).toBeNull()
    // A store compared with itself needs fewer stores than stores compared with each other.
    const fixed = JSON.parse(
      (
        await cli(
          'abtest',
          '--db',
          db,
          '--units',
          'items',
          '--dataset',
          'juice',
          '--cluster-by',
          'store',
          '--treatment',
          'change:-10%',
          '--mde',
          '0.5',
          '--accept-underpowered',
          '--name',
          'fx',
          '--out',
          join(dir, 'fx.csv'),
          '--json'
        )
      ).out
    )
    expect(j.mde_achievable).toBeLessThan(fixed.mde_achievable)

    const bad = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'items',
      '--dataset',
      'juice',
      '--cluster-by',
      'shelf',
      '--treatment',
      'change:-10%',
      '--out',
      join(dir, 'x.csv')
    )
    expect(bad.code).not.toBe(0)
    expect(bad.err).toMatch(/no column "shelf" \(the cluster column\)/)
  }, 60_000)
})
