import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { loadSamplePanel } from '../src/core/elasticity/panel'
import { target } from '../src/core/elasticity/models'
import { treeDesign } from '../src/core/elasticity/design'
import { DEFAULT_FOREST, fitForest } from '../src/core/ml/forest'

/** The six-model run on the default sample through the real backend: wall time, event-loop delay, accuracy against the truth. */
export async function benchElasticityRun(tmp: string): Promise<Record<string, unknown>> {
  process.env.PRICELAB_HOME = join(tmp, 'home')
  const path = join(tmp, 'elasticity.pricelab')
  for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(path, { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 42, scale: 1 })
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  const t0 = performance.now()
  const r = await b.call('elasticity:train', { jobId: 'e', seed: 42 })
  const wall = performance.now() - t0
  h.disable()
  b.close()
  const best = r.models.find((m) => m.name === r.best_model)
  const seg = r.segments.filter((s) => s.true !== null && s.debiased !== null)
  const errors = seg.map((s) => Math.abs((s.debiased as number) - (s.true as number)))
  return {
    six_models_wall_ms: Math.round(wall),
    target_wall_ms: 12_000,
    event_loop_delay_max_ms: Math.round((h.max / 1e6) * 10) / 10,
    event_loop_delay_p99_ms: Math.round((h.percentile(99) / 1e6) * 10) / 10,
    target_event_loop_delay_ms: 50,
    best_model: r.best_model,
    best_test_r2: best ? Math.round(best.test_r2 * 1000) / 1000 : null,
    target_best_test_r2: 0.87,
    models: r.models.map((m) => ({
      name: m.name,
      test_r2: Math.round(m.test_r2 * 1000) / 1000,
      cv_rmse: Math.round(m.cv_rmse * 1000) / 1000,
      elasticity: Math.round(m.elasticity * 1000) / 1000,
      train_ms: m.train_ms
    })),
    recommended_model: r.recommended_model ?? null,
    recommended_max_abs_error:
      Math.round(
        Math.max(
          ...r.segments
            .filter((s) => s.true !== null && s.recommended !== null && s.recommended !== undefined)
            .map((s) => Math.abs((s.recommended as number) - (s.true as number)))
        ) * 1000
      ) / 1000,
    debiased_max_abs_error: Math.round(Math.max(...errors) * 1000) / 1000,
    debiased_within_0_10: `${errors.filter((e) => e <= 0.1).length}/${seg.length}`,
    debiased_interval_covers_truth: `${seg.filter((s) => (s.debiased_ci_low as number) <= (s.true as number) && (s.true as number) <= (s.debiased_ci_high as number)).length}/${seg.length}`,
    segments: r.segments.map((s) => ({
      segment: s.segment,
      debiased: s.debiased,
      ci: [s.debiased_ci_low, s.debiased_ci_high],
      true: s.true
    }))
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

/**
 * Why PriceLab has its own tree learner: ml-random-forest (the design card's choice)
 * against ours on the same rows of the sample panel, 10 trees, growing sizes.
 */
export async function benchMlRandomForest(
  tmp: string,
  sizes = [1000, 2000]
): Promise<Record<string, unknown>> {
  const { RandomForestRegression } = (await import('ml-random-forest')) as unknown as {
    RandomForestRegression: new (o: object) => {
      train(X: number[][], y: number[]): void
      predict(X: number[][]): number[]
    }
  }
  const db = openSqlite(join(tmp, 'elasticity.pricelab'), { readonly: true, mustExist: true })
  const panel = loadSamplePanel(db)
  db.close()
  const runs = sizes.map((n) => {
    const rows = Uint32Array.from({ length: n }, (_, i) => Math.floor((i * panel.n) / n))
    const d = treeDesign(panel, rows)
    const y = target(panel, rows)
    const X2 = Array.from({ length: n }, (_, i) => Array.from(d.X.subarray(i * d.F, (i + 1) * d.F)))
    const ml = new RandomForestRegression({
      nEstimators: 10,
      maxFeatures: 1.0,
      replacement: true,
      useSampleBagging: true,
      noOOB: true,
      seed: 1,
      treeOptions: { maxDepth: 14, minNumSamples: 5 }
    })
    let t = performance.now()
    ml.train(X2, Array.from(y))
    const mlMs = performance.now() - t
    t = performance.now()
    fitForest(d.X, y, d.F, { ...DEFAULT_FOREST, nEstimators: 10, maxSamples: 1 })
    const oursMs = performance.now() - t
    return { rows: n, features: d.F, ml_random_forest_ms: Math.round(mlMs), pricelab_ms: Math.round(oursMs) }
  })
  const last = runs[runs.length - 1]
  // Growth of ml-random-forest's time with rows, extrapolated to the ~75,000 training rows of the panel.
  const growth =
    Math.log(last.ml_random_forest_ms / runs[0].ml_random_forest_ms) / Math.log(last.rows / runs[0].rows)
  return {
    runs,
    growth_exponent: round(growth),
    extrapolated_ml_random_forest_ms_at_75000_rows: Math.round(
      last.ml_random_forest_ms * (75_000 / last.rows) ** growth
    )
  }
}
