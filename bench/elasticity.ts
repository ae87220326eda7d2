import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { loadSamplePanel } from '../src/core/elasticity/panel'
import { makeSplits, DEFAULT_PLAN } from '../src/core/elasticity/train'
import { target } from '../src/core/elasticity/models'
import { fitLinearEncoder, linearDesign, treeDesign } from '../src/core/elasticity/design'
import { DEFAULT_FOREST, fitForest, predictForest } from '../src/core/ml/forest'
import { DEFAULT_GBM, fitGbm, predictGbm } from '../src/core/ml/gbm'
import { fitOls } from '../src/core/ml/linear'
import { rSquared } from '../src/core/ml/r-squared'

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

/** Our forest and boosting against scikit-learn on the same arrays with matched hyperparameters, and OLS against statsmodels. */
export function benchAgainstReference(tmp: string): Record<string, unknown> {
  const db = openSqlite(join(tmp, 'elasticity.pricelab'), { readonly: true, mustExist: true })
  const panel = loadSamplePanel(db)
  db.close()
  const { split } = makeSplits(panel, DEFAULT_PLAN)
  const tr = treeDesign(panel, split.train)
  const te = treeDesign(panel, split.test)
  const ytr = target(panel, split.train)
  const yte = target(panel, split.test)
  // Matched settings: scikit-learn's HistGradientBoosting has no row subsampling or early stopping here.
  const gbm = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0 }
  const rf = { ...DEFAULT_FOREST, maxBins: 255 }
  let t = performance.now()
  const forest = fitForest(tr.X, ytr, tr.F, rf)
  const rfMs = performance.now() - t
  const rfR2 = rSquared(yte, predictForest(forest, te.X, split.test.length))
  t = performance.now()
  const boost = fitGbm(tr.X, ytr, tr.F, gbm)
  const gbmMs = performance.now() - t
  const gbmR2 = rSquared(yte, predictGbm(boost, te.X, split.test.length))
  const enc = fitLinearEncoder(panel, split.train, 0)
  const ols = linearDesign(panel, split.train, enc, { kind: 'poly', degree: 1 })
  const ours = fitOls(ols.X, ytr, split.train.length, ols.p).beta

  const dir = join(tmp, 'reference')
  mkdirSync(dir, { recursive: true })
  const dump = (name: string, a: Float64Array) =>
    writeFileSync(join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength))
  dump('tree_X_train.f64', tr.X)
  dump('tree_X_test.f64', te.X)
  dump('y_train.f64', ytr)
  dump('y_test.f64', yte)
  dump('ols_X.f64', ols.X)
  dump('ols_y.f64', ytr)
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({
      n_train: split.train.length,
      n_test: split.test.length,
      F: tr.F,
      n_ols: split.train.length,
      p_ols: ols.p,
      rf,
      gbm
    })
  )
  const result: Record<string, unknown> = {
    rows_train: split.train.length,
    features: tr.F,
    pricelab: {
      rf_fit_ms: Math.round(rfMs),
      rf_test_r2: round(rfR2),
      gbm_fit_ms: Math.round(gbmMs),
      gbm_test_r2: round(gbmR2),
      gbm_trees: boost.trees.length
    },
    hyperparameters: { rf, gbm }
  }
  let ref: {
    rf_fit_ms: number
    rf_test_r2: number
    gbm_fit_ms: number
    gbm_test_r2: number
    ols_params: number[]
  }
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1' }
    delete env.OPENBLAS_CORETYPE
    ref = JSON.parse(
      execFileSync('/usr/bin/python3', [join(__dirname, '../../bench/reference.py'), dir], {
        encoding: 'utf8',
        env,
        maxBuffer: 1 << 24
      })
    )
  } catch (e) {
    return {
      ...result,
      sklearn: null,
      note: `scikit-learn/statsmodels not available (apt-get install python3-sklearn python3-statsmodels): ${(e as Error).message.split('\n')[0]}`
    }
  }
  const maxDiff = Math.max(...ref.ols_params.map((v, k) => Math.abs(v - ours[k])))
  return {
    ...result,
    sklearn_single_thread: {
      rf_fit_ms: Math.round(ref.rf_fit_ms),
      rf_test_r2: round(ref.rf_test_r2),
      gbm_fit_ms: Math.round(ref.gbm_fit_ms),
      gbm_test_r2: round(ref.gbm_test_r2)
    },
    rf_time_ratio: round(rfMs / ref.rf_fit_ms),
    rf_r2_difference: round(rfR2 - ref.rf_test_r2),
    gbm_time_ratio: round(gbmMs / ref.gbm_fit_ms),
    gbm_r2_difference: round(gbmR2 - ref.gbm_test_r2),
    target_time_ratio: 1.5,
    target_r2_difference: 0.01,
    ols_max_abs_coefficient_difference_vs_statsmodels: maxDiff,
    target_ols_difference: 1e-6
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
