import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { recentLevels } from '../src/core/pricing/catalog'
import type { Panel } from '../src/core/elasticity/panel'

/** The rule before issue 33: a Map per item holding every period (kept here as the peer it is measured against). */
function mapPerItem(
  panel: Panel,
  keys: Int32Array,
  nItems: number,
  per: (i: number) => number
): Float64Array {
  const byItem: Map<number, number>[] = Array.from({ length: nItems }, () => new Map())
  for (let i = 0; i < panel.n; i++) {
    const m = byItem[keys[i]]
    m.set(per(i), (m.get(per(i)) ?? 0) + panel.quantity[i])
  }
  return Float64Array.from(byItem, (m) => {
    const ps = [...m.keys()].sort((a, b) => b - a).slice(0, 4)
    return ps.length ? ps.reduce((s, p) => s + (m.get(p) as number), 0) / ps.length : 0
  })
}

/** Child: a panel of `rows` rows over `items` items (one row per item and week), the recent levels by one rule. */
export function runChildRecentLevels(rule: string, rows: number, items: number): void {
  const quantity = new Float64Array(rows)
  const keys = new Int32Array(rows)
  const week = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    keys[i] = i % items
    week[i] = Math.floor(i / items)
    quantity[i] = (i * 7919) % 97
  }
  const panel = { n: rows, quantity } as unknown as Panel
  const rss0 = process.memoryUsage().rss
  const t0 = performance.now()
  const out = (rule === 'map' ? mapPerItem : recentLevels)(panel, keys, items, (i) => week[i])
  const ms = performance.now() - t0
  let check = 0
  for (const x of out) check += x
  const peak = process.resourceUsage().maxRSS / 1024
  console.log(
    JSON.stringify({
      ms: Math.round(ms),
      peak_rss_mb: Math.round(peak),
      panel_rss_mb: Math.round(rss0 / 2 ** 20),
      check
    })
  )
}

/**
 * The pricing catalog's recent levels (`npm run bench -- recent [rows] [items]`): the fixed slots per item against
 * the former Map per item, each in its own process, alternated, 3 runs each; time and peak RSS (the panel's typed
 * arrays included, the same in both).
 */
export function benchRecentLevels(file: string, rows = 10_000_000, items = 96_150): Record<string, unknown> {
  const runs: Record<string, { ms: number; peak_rss_mb: number; check: number }[]> = { map: [], slots: [] }
  for (let k = 0; k < 3; k++)
    for (const rule of ['map', 'slots']) {
      const r = spawnSync(process.execPath, [file, '--child-recent', rule, String(rows), String(items)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20
      })
      if (r.status !== 0) throw new Error(`recent-levels child failed: ${r.stderr}`)
      runs[rule].push(JSON.parse(r.stdout.trim().split('\n').pop() as string))
    }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]
  const sum = (rule: string) => ({
    ms_median: med(runs[rule].map((r) => r.ms)),
    peak_rss_mb_median: med(runs[rule].map((r) => r.peak_rss_mb)),
    runs: runs[rule]
  })
  return {
    rows,
    items,
    load_average_1m: Math.round(loadavg()[0] * 10) / 10,
    same_levels: runs.map.every((r, k) => r.check === runs.slots[k].check),
    map_per_item: sum('map'),
    fixed_slots: sum('slots'),
    note: 'peak RSS includes the synthetic panel (quantity, key and week arrays: 20 bytes a row) in both rules'
  }
}
