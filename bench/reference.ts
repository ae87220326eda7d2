import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openSqlite } from '../src/backend/sqlite'
import { migrate } from '../src/core/db/migrate'
import { generateSampleData } from '../src/core/data/sample/generate'
import { loadSamplePanel, type Panel } from '../src/core/elasticity/panel'
import { makeSplits, DEFAULT_PLAN } from '../src/core/elasticity/train'
import { target } from '../src/core/elasticity/models'
import { fitLinearEncoder, linearDesign, treeDesign } from '../src/core/elasticity/design'
import { DEFAULT_FOREST, fitForest, predictForest } from '../src/core/ml/forest'
import { DEFAULT_GBM, fitGbm, predictGbm } from '../src/core/ml/gbm'
import { MAX_BINS } from '../src/core/ml/binning'
import { treeKernels } from '../src/core/ml/kernels'
import { fitOls } from '../src/core/ml/linear'
import { rSquared } from '../src/core/ml/r-squared'
import { Rng } from '../src/core/util/rng'

/**
 * PriceLab's forest and boosting against scikit-learn on the same arrays, with the settings the app uses,
 * at several sizes of the sample (scale 1, 4, 8), and OLS against statsmodels. Each size runs ours and then
 * the reference right after (the machine is shared and noisy: ratios come from neighbouring runs).
 */
/**
 * The Python with scikit-learn, statsmodels and LightGBM for the reference parts (PRICELAB_BENCH_PYTHON, e.g. a
 * venv's; else the system's, where Debian's python3-sklearn and python3-statsmodels live).
 */
export const referencePython = () => process.env.PRICELAB_BENCH_PYTHON ?? '/usr/bin/python3'

/**
 * A fresh folder and a writer of raw little-endian float64 files into it: how the Python reference scripts
 * receive the same arrays as the TypeScript side (no CSV rounding).
 */
export function float64Dumper(dir: string): (name: string, a: Float64Array) => void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return (name, a) => writeFileSync(join(dir, name), Buffer.from(a.buffer, a.byteOffset, a.byteLength))
}

export function benchReference(tmp: string, scales = [1, 4, 8]): Record<string, unknown> {
  const sizes = scales.map((s) => {
    console.log(`reference: sample scale ${s}…`)
    return { scale: s, ...compareAt(tmp, s) }
  })
  const first = sizes[0]
  const last = sizes[sizes.length - 1]
  const growth = (key: string) => {
    const a = first.cpu_ms?.[key]
    const b = last.cpu_ms?.[key]
    return a && b ? round(Math.log(b / a) / Math.log(last.rows_train / first.rows_train)) : null
  }
  const keys = Object.keys(first.cpu_ms ?? {})
  return {
    note: 'one thread each (OMP_NUM_THREADS=1); the 2-core machine is shared by several engineers, so times are noisy: ratios are from runs side by side',
    // PriceLab's histogram and partition loops: the WebAssembly module, or the JavaScript fallback.
    pricelab_tree_kernels: treeKernels(),
    sizes,
    // CPU time grows as rows^exponent from the smallest to the largest size.
    growth_exponent: Object.fromEntries(keys.map((k) => [k, growth(k)])),
    targets: { gbm_time_ratio: 1.0, gbm_r2_difference: 0.005, rf_time_ratio: 0.5 }
  }
}

export function samplePanel(tmp: string, scale: number): Panel {
  const path = join(tmp, `reference-scale-${scale}.pricelab`)
  if (!existsSync(path)) {
    // Generated aside and renamed when complete: an interrupted run leaves no half-made project behind.
    const part = `${path}.part`
    rmSync(part, { force: true })
    const db = openSqlite(part)
    migrate(db)
    generateSampleData(db, { seed: 42, scale })
    db.close()
    renameSync(part, path)
  }
  const db = openSqlite(path, { readonly: true, mustExist: true })
  const panel = loadSamplePanel(db)
  db.close()
  return panel
}

/** The app's early-stopping rule (src/core/elasticity/train.ts): about a tenth of the items held out for validation. */
function holdOutItems(panel: Panel, rows: Uint32Array, seed: number) {
  const rng = new Rng(seed + 99)
  const held = new Set<number>()
  for (const it of new Set(Array.from(rows, (i) => panel.item[i]))) if (rng.next() < 0.1) held.add(it)
  return {
    fit: rows.filter((i) => !held.has(panel.item[i])),
    valid: rows.filter((i) => held.has(panel.item[i]))
  }
}

/** Wall and CPU time of what runs between clock() and stop(), in ms. */
function clock() {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  return {
    stop: () => {
      const c = process.cpuUsage(cpu)
      return { fit_ms: Math.round(performance.now() - wall), cpu_ms: Math.round((c.user + c.system) / 1000) }
    }
  }
}

interface Fit {
  fit_ms: number
  cpu_ms: number
  test_r2?: number
  trees?: number
  settings?: Record<string, unknown>
}
type References = Record<
  'sklearn_rf' | 'sklearn_hgb_same_trees' | 'sklearn_hgb_early_stopping' | 'statsmodels_ols',
  Fit
> & { lightgbm_same_trees: Fit | { skipped: string }; statsmodels_ols: Fit & { params: number[] } }

function compareAt(
  tmp: string,
  scale: number
): { rows_train: number; cpu_ms?: Record<string, number | null> } & Record<string, unknown> {
  const panel = samplePanel(tmp, scale)
  const { split } = makeSplits(panel, DEFAULT_PLAN)
  const tr = treeDesign(panel, split.train)
  const te = treeDesign(panel, split.test)
  const ytr = target(panel, split.train)
  const yte = target(panel, split.test)
  const { fit, valid } = holdOutItems(panel, split.train, DEFAULT_PLAN.seed)
  const fitX = treeDesign(panel, fit).X
  const validX = treeDesign(panel, valid).X
  const yFit = target(panel, fit)
  const yValid = target(panel, valid)
  const test = (p: Float64Array) => round(rSquared(yte, p))

  // 1. Forest exactly as the app fits it (all features per split, 64 bins, half-size bootstrap samples).
  const rf = { ...DEFAULT_FOREST }
  let t = clock()
  const forest = fitForest(tr.X, ytr, tr.F, rf)
  const rfT = t.stop()
  const rfR2 = test(predictForest(forest, te.X, split.test.length))
  // 2. Boosting exactly as the app fits it: row subsampling, early stopping on held-out items.
  const gbmApp = { ...DEFAULT_GBM }
  t = clock()
  const app = fitGbm(fitX, yFit, tr.F, gbmApp, { X: validX, y: yValid })
  const gbmAppT = t.stop()
  const gbmAppR2 = test(predictGbm(app, te.X, split.test.length))
  // 3. Same trees: no subsampling (scikit-learn 1.2 has none) and the app's number of rounds, no early stopping.
  const gbmSame = { ...DEFAULT_GBM, subsample: 1, earlyStoppingRounds: 0, nEstimators: app.trees.length }
  t = clock()
  const same = fitGbm(tr.X, ytr, tr.F, gbmSame)
  const gbmSameT = t.stop()
  const gbmSameR2 = test(predictGbm(same, te.X, split.test.length))
  const enc = fitLinearEncoder(panel, split.train, 0)
  const ols = linearDesign(panel, split.train, enc, { kind: 'poly', degree: 1 })
  t = clock()
  const ours = fitOls(ols.X, ytr, split.train.length, ols.p).beta
  const olsT = t.stop()

  const dir = join(tmp, `reference-${scale}`)
  const dump = float64Dumper(dir)
  dump('tree_X_train.f64', tr.X)
  dump('tree_X_test.f64', te.X)
  dump('y_train.f64', ytr)
  dump('y_test.f64', yte)
  dump('ols_X.f64', ols.X)
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({
      n_train: split.train.length,
      n_test: split.test.length,
      F: tr.F,
      p_ols: ols.p,
      // The app's early stopping holds out this share of the training rows (by item).
      valid_fraction: valid.length / split.train.length,
      rf,
      gbm: { ...gbmApp, maxBins: MAX_BINS },
      gbm_rounds: app.trees.length
    })
  )
  const pricelab = {
    rf: { ...rfT, test_r2: rfR2, settings: rf },
    gbm_app: {
      ...gbmAppT,
      test_r2: gbmAppR2,
      trees: app.trees.length,
      settings: { ...gbmApp, maxBins: MAX_BINS, validation: `${valid.length} rows of held-out items` }
    },
    gbm_same_trees: {
      ...gbmSameT,
      test_r2: gbmSameR2,
      settings: { ...gbmSame, maxBins: MAX_BINS }
    },
    ols: olsT
  }
  const base = { rows_train: split.train.length, rows_test: split.test.length, features: tr.F, pricelab }
  let ref: References
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' }
    delete env.OPENBLAS_CORETYPE
    ref = <References>JSON.parse(
      execFileSync(referencePython(), [join(__dirname, '../../bench/reference.py'), dir], {
        encoding: 'utf8',
        env,
        maxBuffer: 1 << 24
      })
    )
  } catch (e) {
    return {
      ...base,
      reference: null,
      note: `scikit-learn/statsmodels not available (apt-get install python3-sklearn python3-statsmodels): ${(e as Error).message.split('\n')[0]}`
    }
  }
  const { params: olsParams, ...olsRef } = ref.statsmodels_ols
  const references = { ...ref, statsmodels_ols: olsRef }
  let maxDiff = 0
  olsParams.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - ours[k]))))
  const ratio = (a: number, b: number | undefined) => (b ? round(a / b) : null)
  const r2diff = (a: number, b: number | undefined) => (b === undefined ? null : round(a - b))
  const lgb = 'fit_ms' in ref.lightgbm_same_trees ? ref.lightgbm_same_trees : null
  return {
    ...base,
    references,
    fit_ms: {
      pricelab_rf: rfT.fit_ms,
      sklearn_rf: Math.round(ref.sklearn_rf.fit_ms),
      pricelab_gbm_app: gbmAppT.fit_ms,
      sklearn_hgb_early_stopping: Math.round(ref.sklearn_hgb_early_stopping.fit_ms),
      pricelab_gbm_same_trees: gbmSameT.fit_ms,
      sklearn_hgb_same_trees: Math.round(ref.sklearn_hgb_same_trees.fit_ms),
      lightgbm_same_trees: lgb ? Math.round(lgb.fit_ms) : null
    },
    // Ratios and growth are on CPU time: the machine is shared by several engineers (load average ~20 on
    // 2 cores while measuring), so wall times mostly measure the others; both fits are single-threaded.
    cpu_ms: {
      pricelab_rf: rfT.cpu_ms,
      sklearn_rf: Math.round(ref.sklearn_rf.cpu_ms),
      pricelab_gbm_app: gbmAppT.cpu_ms,
      sklearn_hgb_early_stopping: Math.round(ref.sklearn_hgb_early_stopping.cpu_ms),
      pricelab_gbm_same_trees: gbmSameT.cpu_ms,
      sklearn_hgb_same_trees: Math.round(ref.sklearn_hgb_same_trees.cpu_ms),
      lightgbm_same_trees: lgb ? Math.round(lgb.cpu_ms) : null
    },
    rf_time_ratio: ratio(rfT.cpu_ms, ref.sklearn_rf.cpu_ms),
    rf_r2_difference: r2diff(rfR2, ref.sklearn_rf.test_r2),
    gbm_same_trees_time_ratio: ratio(gbmSameT.cpu_ms, ref.sklearn_hgb_same_trees.cpu_ms),
    gbm_same_trees_r2_difference: r2diff(gbmSameR2, ref.sklearn_hgb_same_trees.test_r2),
    gbm_app_vs_sklearn_early_stopping_time_ratio: ratio(
      gbmAppT.cpu_ms,
      ref.sklearn_hgb_early_stopping.cpu_ms
    ),
    gbm_app_vs_sklearn_early_stopping_r2_difference: r2diff(gbmAppR2, ref.sklearn_hgb_early_stopping.test_r2),
    gbm_same_trees_time_ratio_to_lightgbm: lgb ? ratio(gbmSameT.cpu_ms, lgb.cpu_ms) : null,
    ols_time_ratio: ratio(olsT.cpu_ms, olsRef.cpu_ms),
    ols_max_abs_coefficient_difference_vs_statsmodels: maxDiff
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
