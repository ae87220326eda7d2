import { readFileSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { panelImportArgs, step, TEN_M_BRANDS, writeTenMillionCsv, type Step } from './ten-million'

/** digest_source: where the call's pricing data came from (its --json: cache, stream or panel). */
type OptimizeStep = Step & { priced_items: number | null; digest_source: string | null }

/** One catalog size: the panel, and the optimize call timed whole in its own `pricelab` process. */
interface SizeRun {
  items: number
  weeks: number
  rows: number
  /**
   * The first optimize after the import and the training. Since s11-cold the training makes the digest beside it,
   * so this call reads it (first_read_the_cache); before, it read every row (cold).
   */
  optimize: OptimizeStep
  /** The same optimize again in a new process: the digest read from the project's cache (warm). */
  optimize_warm: OptimizeStep
  /** Whether the second call was served by the cache (its --json digest_source) writing nothing for it; the cached digest's size. */
  warm_read_the_cache: boolean
  digest_cache_mb: number | null
  /** The two price sheets are byte for byte the same. */
  warm_sheet_identical: boolean
  /** The training (OLS + boosting + DML on the sample) with the digest made beside it: what making it ahead costs. */
  train: Step
  /** Whether the first optimize was served by the entry the training made. */
  first_read_the_cache: boolean
  /** The optimize with no entry (removed): every row read, on two threads above 400k rows; its sheet the same. */
  optimize_no_entry: OptimizeStep
  no_entry_sheet_identical: boolean
}

/**
 * The project's cached digests of the dataset: when and where they were last written (each write replaces the
 * row: a new rowid and time) and their bytes (null: none cached).
 */
function cacheState(db: string): { written: string; bytes: number } | null {
  const d = new Database(db, { readonly: true })
  try {
    const r = d
      .prepare(
        "SELECT group_concat(rowid || ' ' || created_at) AS written, sum(length(body)) AS bytes FROM pricing_digest_cache WHERE dataset = 'panel'"
      )
      .get() as { written: string | null; bytes: number | null }
    return r.bytes === null ? null : { written: r.written ?? '', bytes: r.bytes }
  } finally {
    d.close()
  }
}

function optimizeStep(root: string, env: NodeJS.ProcessEnv, db: string, out: string): OptimizeStep {
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
  const { wall_ms, cpu_ms, peak_rss_mb } = opt
  return {
    wall_ms,
    cpu_ms,
    peak_rss_mb,
    priced_items: (opt.json.items as number | undefined) ?? null,
    digest_source: (opt.json.digest_source as string | null | undefined) ?? null
  }
}

/** A store × brand × week panel of `items` items over `weeks` weeks: imported, trained on a small sample, optimized. */
function runSize(tmp: string, root: string, items: number, weeks: number, csv: string): SizeRun {
  const env = { ...process.env, PRICELAB_HOME: join(tmp, 'home') }
  const db = join(tmp, `scale-${items}x${weeks}.pricelab`)
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  step(root, env, panelImportArgs(db, csv))
  // A small sample of whole items trains the run (the bench times pricing, not training): OLS and boosting + DML.
  const train = step(root, env, [
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
  const cold = optimizeStep(root, env, db, out)
  const coldSheet = readFileSync(out)
  const afterCold = cacheState(db)
  const warm = optimizeStep(root, env, db, out)
  const afterWarm = cacheState(db)
  const warmSheet = readFileSync(out)
  dropDigests(db)
  const noEntry = optimizeStep(root, env, db, out)
  const noEntrySheet = readFileSync(out)
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true })
  return {
    items,
    weeks,
    rows: items * weeks,
    optimize: cold,
    optimize_warm: warm,
    // The warm call's data came from the cache (its --json says so) and nothing was written to the entry for it.
    warm_read_the_cache:
      warm.digest_source === 'cache' && !!afterCold && !!afterWarm && afterWarm.written === afterCold.written,
    digest_cache_mb: afterWarm ? Math.round((afterWarm.bytes / 2 ** 20) * 10) / 10 : null,
    warm_sheet_identical: coldSheet.equals(warmSheet),
    train: { wall_ms: train.wall_ms, cpu_ms: train.cpu_ms, peak_rss_mb: train.peak_rss_mb },
    first_read_the_cache: cold.digest_source === 'cache',
    optimize_no_entry: noEntry,
    no_entry_sheet_identical: coldSheet.equals(noEntrySheet)
  }
}

/** Removes the project's cached digests: the next optimize reads every row (the cold path). */
function dropDigests(db: string): void {
  const d = new Database(db)
  try {
    d.prepare('DELETE FROM pricing_digest_cache').run()
  } finally {
    d.close()
  }
}

/**
 * `npm run bench -- optimizer-scale [items,..] [weeks]`: the optimizer on generated panels of 1k / 10k / 100k items
 * (default), each optimize call a fresh `pricelab optimize` process timed whole by GNU time (wall, CPU with worker
 * threads, peak RSS of that process), and the same items over twice the weeks (not with `once`): pricing's memory
 * should follow the items, not the rows. Each size optimizes three times: after the training (which made the
 * digest), again (warm), and with the cached digest removed (every row read), and checks that the sheets are the same.
 */
export async function benchOptimizerScale(
  tmp: string,
  root: string,
  sizes = [1_000, 10_000, 100_000],
  weeks = 26,
  once = false
): Promise<Record<string, unknown>> {
  const load = loadavg()[0]
  const runs: SizeRun[] = []
  for (const items of sizes)
    for (const w of once ? [weeks] : [weeks, 2 * weeks]) {
      // Items are store × brand: the generator makes `rows / (brands × weeks)` stores.
      const rows = Math.round(items / TEN_M_BRANDS.length) * TEN_M_BRANDS.length * w
      const csv = join(tmp, `scale-${items}x${w}.csv`)
      console.log(`optimizer-scale: ${items.toLocaleString('en-US')} items × ${w} weeks…`)
      await writeTenMillionCsv(csv, rows, 7, w)
      runs.push(runSize(tmp, root, items, w, csv))
      rmSync(csv, { force: true })
    }
  const growth = sizes.flatMap((items) => {
    const [a, b] = runs.filter((r) => r.items === items)
    if (!b) return []
    return {
      items,
      peak_rss_mb: [a.optimize.peak_rss_mb, b.optimize.peak_rss_mb],
      rows: [a.rows, b.rows],
      peak_ratio_at_twice_the_rows: Math.round((b.optimize.peak_rss_mb / a.optimize.peak_rss_mb) * 100) / 100,
      peak_rss_mb_warm: [a.optimize_warm.peak_rss_mb, b.optimize_warm.peak_rss_mb]
    }
  })
  return {
    note: 'optimize: the first call after the import and the training (since s11-cold the training makes the digest beside it, so this call reads it: first_read_the_cache; train times that training); optimize_warm: the same call again (the digest read from the project cache); optimize_no_entry: the call with the cached digests removed (every row read, on two threads above 400k rows). Each optimize a fresh `pricelab optimize` process under GNU time (CPU includes worker threads; peak RSS is that process); a run trained with OLS + boosting + DML on ≤ 20,000 rows of whole items prices every item; shared 2-core machine: read CPU beside wall',
    load_average_1min_at_start: Math.round(load * 100) / 100,
    load_average_1min_at_end: Math.round(loadavg()[0] * 100) / 100,
    runs,
    twice_the_weeks: growth,
    target: '96k items of a 10M-row panel ≤ 8 s wall and ≤ 1 GB peak (`npm run bench -- tenmillion`)'
  }
}
