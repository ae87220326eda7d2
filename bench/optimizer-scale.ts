import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { panelImportArgs, step, TEN_M_BRANDS, writeTenMillionCsv, type Step } from './ten-million'

/** One catalog size: the panel, and the optimize call timed whole in its own `pricelab` process. */
interface SizeRun {
  items: number
  weeks: number
  rows: number
  optimize: Step & { priced_items: number | null }
}

/** A store × brand × week panel of `items` items over `weeks` weeks: imported, trained on a small sample, optimized. */
function runSize(tmp: string, root: string, items: number, weeks: number, csv: string): SizeRun {
  const env = { ...process.env, PRICELAB_HOME: join(tmp, 'home') }
  const db = join(tmp, `scale-${items}x${weeks}.pricelab`)
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  step(root, env, panelImportArgs(db, csv))
  // A small sample of whole items trains the run (the bench times pricing, not training): OLS and boosting + DML.
  step(root, env, [
    'elasticity',
    '--db',
    db,
    '--dataset',
    'panel',
    '--models',
    'ols,gbm',
    '--max-rows',
    String(Math.min(items * weeks, 20_000)),
    '--json'
  ])
  const out = join(tmp, `scale-prices-${items}x${weeks}.csv`)
  const opt = step(root, env, [
    'optimize',
    '--db',
    db,
    '--dataset',
    'panel',
    '--out',
    out,
    '--force',
    '--json'
  ])
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  const { wall_ms, cpu_ms, peak_rss_mb } = opt
  return {
    items,
    weeks,
    rows: items * weeks,
    optimize: { wall_ms, cpu_ms, peak_rss_mb, priced_items: (opt.json.items as number | undefined) ?? null }
  }
}

/**
 * `npm run bench -- optimizer-scale [items,..] [weeks]`: the optimizer on generated panels of 1k / 10k / 100k items
 * (default), each optimize call a fresh `pricelab optimize` process timed whole by GNU time (wall, CPU with worker
 * threads, peak RSS of that process), and the same items over twice the weeks: pricing's memory should follow
 * the items, not the rows.
 */
export async function benchOptimizerScale(
  tmp: string,
  root: string,
  sizes = [1_000, 10_000, 100_000],
  weeks = 26
): Promise<Record<string, unknown>> {
  const load = loadavg()[0]
  const runs: SizeRun[] = []
  for (const items of sizes)
    for (const w of [weeks, 2 * weeks]) {
      // Items are store × brand: the generator makes `rows / (brands × weeks)` stores.
      const rows = Math.round(items / TEN_M_BRANDS.length) * TEN_M_BRANDS.length * w
      const csv = join(tmp, `scale-${items}x${w}.csv`)
      console.log(`optimizer-scale: ${items.toLocaleString('en-US')} items × ${w} weeks…`)
      await writeTenMillionCsv(csv, rows, 7, w)
      runs.push(runSize(tmp, root, items, w, csv))
      rmSync(csv, { force: true })
    }
  const growth = sizes.map((items) => {
    const [a, b] = runs.filter((r) => r.items === items)
    return {
      items,
      peak_rss_mb: [a.optimize.peak_rss_mb, b.optimize.peak_rss_mb],
      rows: [a.rows, b.rows],
      peak_ratio_at_twice_the_rows: Math.round((b.optimize.peak_rss_mb / a.optimize.peak_rss_mb) * 100) / 100
    }
  })
  return {
    note: 'each optimize a fresh `pricelab optimize` process under GNU time (CPU includes worker threads; peak RSS is that process); a run trained with OLS + boosting + DML on ≤ 20,000 rows of whole items prices every item; shared 2-core machine: read CPU beside wall',
    load_average_1min_at_start: Math.round(load * 100) / 100,
    load_average_1min_at_end: Math.round(loadavg()[0] * 100) / 100,
    runs,
    twice_the_weeks: growth,
    target: '96k items of a 10M-row panel ≤ 8 s wall and ≤ 1 GB peak (`npm run bench -- tenmillion`)'
  }
}
