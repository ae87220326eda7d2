import { join } from 'node:path'
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { Backend } from '../src/backend/backend'
import type { ElasticityReport } from '../src/shared/elasticity/results'

/**
 * Issue 12's targets, at every seed (a figure holding at one seed is not a result):
 * the EdTech sample at generator seeds 1–10, the full run (six models + DML) through the
 * real backend (2 worker threads). Per seed: the recommended per-category elasticity's
 * largest error against the generator's truth (target ≤ 0.10 for every category), its
 * 90% coverage (target ≥ 0.7 per seed, ≥ 0.85 on average), the best model's test R² on
 * held-out weeks, and the wall time (target < 12 s).
 */
export async function benchElasticitySeeds(
  tmp: string,
  seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
): Promise<Record<string, unknown>> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const runs: Record<string, unknown>[] = []
  for (const seed of seeds) {
    const { b, r, wall } = await trainedProject(tmp, seed, 'edtech')
    b.close()
    runs.push({ seed, wall_ms: Math.round(wall), load_avg_1m: round(loadavg()[0]), ...accuracy(r) })
    console.log(`  seed ${seed}: ${JSON.stringify(runs[runs.length - 1])}`)
  }
  const num = (k: string) => runs.map((x) => x[k] as number)
  const coverage = num('recommended_coverage')
  const maxErr = num('recommended_max_abs_error')
  const walls = num('wall_ms')
  const meanCoverage = coverage.reduce((a, b) => a + b, 0) / coverage.length
  return {
    seeds,
    runs,
    summary: {
      recommended_max_abs_error_worst_seed: round(Math.max(...maxErr)),
      seeds_all_categories_within_0_10: `${maxErr.filter((e) => e <= 0.1).length}/${seeds.length}`,
      coverage_mean: round(meanCoverage),
      coverage_min_seed: round(Math.min(...coverage)),
      wall_ms_max: Math.max(...walls),
      wall_ms_median: [...walls].sort((a, b) => a - b)[walls.length >> 1],
      targets: {
        recommended_within_0_10_every_category_every_seed: maxErr.every((e) => e <= 0.1) ? 'met' : 'not met',
        coverage_mean_at_least_0_85: meanCoverage >= 0.85 ? 'met' : 'not met',
        coverage_each_seed_at_least_0_7: coverage.every((c) => c >= 0.7) ? 'met' : 'not met',
        six_models_and_dml_under_12_s: walls.every((w) => w < 12_000) ? 'met' : 'not met'
      }
    }
  }
}

/**
 * The retail sample (issue-12r's generator) at seeds 1–5, scale 1 (80 stores × 7 brands × 104 weeks):
 * per-brand recommended within ±0.10, per-item pooled elasticities (median absolute error ≤ 0.3,
 * 90% coverage ≥ 0.8), the best model's R² on held-out weeks ≥ 0.7.
 */
export async function benchRetailSeeds(
  tmp: string,
  seeds = [1, 2, 3, 4, 5]
): Promise<Record<string, unknown>> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const runs: Record<string, unknown>[] = []
  for (const seed of seeds) {
    const { b, r, wall } = await trainedProject(tmp, seed, 'retail')
    const truth = new Map(
      b.project.reader
        .prepare<{ key: string; value: number }>(
          "SELECT key, value FROM ground_truth WHERE scope = 'retail_item' AND metric = 'elasticity'"
        )
        .all()
        .map((x) => [x.key, x.value])
    )
    b.close()
    const items = (r.item_elasticities ?? []).filter((i) => i.elasticity !== null && truth.has(i.item))
    const errs = items
      .map((i) => Math.abs((i.elasticity as number) - (truth.get(i.item) as number)))
      .sort((a, c) => a - c)
    const covered = items.filter(
      (i) =>
        (i.ci_low as number) <= (truth.get(i.item) as number) &&
        (truth.get(i.item) as number) <= (i.ci_high as number)
    ).length
    runs.push({
      seed,
      wall_ms: Math.round(wall),
      load_avg_1m: round(loadavg()[0]),
      ...accuracy(r),
      items: items.length,
      items_identified: items.filter((i) => i.identified).length,
      item_median_abs_error: round(errs[errs.length >> 1]),
      item_coverage: round(covered / Math.max(1, items.length))
    })
    console.log(`  retail seed ${seed}: ${JSON.stringify(runs[runs.length - 1])}`)
  }
  const num = (k: string) => runs.map((x) => x[k] as number)
  return {
    seeds,
    runs,
    targets: {
      brand_recommended_within_0_10_every_seed: num('recommended_max_abs_error').every((e) => e <= 0.1)
        ? 'met'
        : 'not met',
      item_median_abs_error_at_most_0_3: num('item_median_abs_error').every((e) => e <= 0.3)
        ? 'met'
        : 'not met',
      item_coverage_at_least_0_8: num('item_coverage').every((e) => e >= 0.8) ? 'met' : 'not met',
      best_r2_on_held_out_weeks_at_least_0_7: num('best_test_r2').every((e) => e >= 0.7) ? 'met' : 'not met'
    }
  }
}

/** A fresh project with the sample of that kind at that seed (scale 1), and the default elasticity run on it, timed. */
async function trainedProject(
  tmp: string,
  seed: number,
  kind: 'edtech' | 'retail'
): Promise<{ b: Backend; r: ElasticityReport; wall: number }> {
  const path = join(tmp, `${kind}-seed-${seed}.pricelab`)
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'g', seed, scale: 1, kind })
  const t0 = performance.now()
  const r = await b.call('elasticity:train', {
    jobId: 'e',
    seed: 42,
    ...(kind === 'retail' ? { dataset: 'retail_sample' } : {})
  })
  return { b, r, wall: performance.now() - t0 }
}

function accuracy(r: ElasticityReport): Record<string, unknown> {
  const seg = r.segments.filter(
    (s) => s.true !== null && s.recommended !== null && s.recommended !== undefined
  )
  const err = seg.map((s) => (s.recommended as number) - (s.true as number))
  const covered = seg.filter(
    (s) =>
      (s.recommended_ci_low as number) <= (s.true as number) &&
      (s.true as number) <= (s.recommended_ci_high as number)
  ).length
  const best = r.models.find((m) => m.name === r.best_model)
  return {
    recommended_model: r.recommended_model,
    recommended_max_abs_error: round(Math.max(...err.map(Math.abs))),
    recommended_mean_signed_error: round(err.reduce((a, b) => a + b, 0) / err.length),
    recommended_coverage: round(covered / seg.length),
    categories: seg.length,
    best_model: r.best_model,
    best_test_r2: best ? round(best.test_r2) : null,
    validation: r.validation,
    ols_max_abs_error: round(
      Math.max(
        ...(r.models
          .find((m) => m.name === 'ols')
          ?.segments.map((s) =>
            Math.abs(s.elasticity - (r.segments.find((x) => x.segment === s.segment)?.true ?? NaN))
          ) ?? [NaN])
      )
    )
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
