import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateCustomers } from '../src/core/propensity/customers/generate'
import {
  prepareCustomers,
  trainCustomers,
  DEFAULT_CUSTOMER_PLAN
} from '../src/core/propensity/customers/train'
import { CLASSIFIERS } from '../src/shared/propensity'
import { fitClassifier } from '../src/core/propensity/classifiers'
import { auc } from '../src/core/propensity/metrics'
import { encodeRows } from '../src/core/propensity/customers/encode'
import { fitPlatt } from '../src/core/propensity/customers/calibrate'
import { scoreCustomers } from '../src/core/propensity/customers/score'
import { referencePython } from './reference'
import { loadavg } from 'node:os'

const SPEC = { dataset: 'generated', label: 'churn', id: 'customer_id' }

/**
 * Wall and CPU time of fn. The machine is shared (load averages far above its 2 cores are common), so the
 * single-threaded CPU time is the figure that says what the code costs; wall time says what the run met.
 */
function timed<T>(fn: () => T): { value: T; wall_ms: number; cpu_ms: number } {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = fn()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  return { value, wall_ms: Math.round(wall), cpu_ms: Math.round((c.user + c.system) / 1000) }
}
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d

/** scikit-learn on the same split and the same encoded features, in one run beside ours. */
function reference(tmp: string, n: number, seed: number): Record<string, unknown> {
  const table = generateCustomers(n, seed)
  const plan = { ...DEFAULT_CUSTOMER_PLAN, seed }
  const p = prepareCustomers(table, SPEC, plan)
  const dir = join(tmp, `customers-${n}`)
  mkdirSync(dir, { recursive: true })
  const f64 = (a: ArrayLike<number>) => Buffer.from(Float64Array.from(a).buffer)
  writeFileSync(join(dir, 'X_train.f64'), f64(p.Xtrain))
  writeFileSync(join(dir, 'X_test.f64'), f64(p.Xtest))
  writeFileSync(join(dir, 'y_train.f64'), f64(p.ytrain))
  writeFileSync(join(dir, 'y_test.f64'), f64(p.ytest))
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ F: p.F }))
  // Ours: each final model fitted once on the same training rows (no CV), timed alone.
  const ours: Record<string, { auc: number; fit_ms: number; fit_cpu_ms: number }> = {}
  const scoring: Record<string, Record<string, number>> = {}
  const all = Int32Array.from({ length: n }, (_, i) => i)
  // Every customer encoded, for scikit-learn's predict_proba on the same rows.
  writeFileSync(join(dir, 'X_all.f64'), f64(encodeRows(p.encoder, table, all)))
  for (const kind of CLASSIFIERS) {
    const fit = timed(() => fitClassifier(kind, p.Xtrain, p.ytrain, p.F, seed))
    const m = fit.value
    ours[kind] = {
      auc: round(auc(m.predict(p.Xtest, p.ytest.length), p.ytest)),
      fit_ms: fit.wall_ms,
      fit_cpu_ms: fit.cpu_ms
    }
    // Scoring every customer as the trainer does: encode the raw table, predict, calibrate (Platt here;
    // isotonic costs the same), block by block. The first call pays for laying out the trees; later ones not.
    const cal = fitPlatt(m.predict(p.Xtest, p.ytest.length), p.ytest)
    const scorer = { predict: (X: Float64Array, k: number) => cal.apply(m.predict(X, k)) }
    const first = timed(() => scoreCustomers(p.encoder, table, scorer))
    const later = [0, 1, 2].map(() => timed(() => scoreCustomers(p.encoder, table, scorer)))
    const med = (k: 'wall_ms' | 'cpu_ms') => later.map((t) => t[k]).sort((a, b) => a - b)[1]
    scoring[kind] = {
      wall_ms: first.wall_ms,
      cpu_ms: first.cpu_ms,
      later_wall_ms: med('wall_ms'),
      later_cpu_ms: med('cpu_ms')
    }
  }
  const fitSum = (k: 'fit_ms' | 'fit_cpu_ms') => Object.values(ours).reduce((a, o) => a + o[k], 0)
  let sk:
    | Record<
        string,
        { auc: number; fit_ms: number; predict_proba_all_ms?: number; predict_proba_all_cpu_ms?: number }
      >
    | { note: string }
  try {
    sk = JSON.parse(
      execFileSync(referencePython(), [join(__dirname, '../../bench/customers-reference.py'), dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        // One OpenMP thread: on a shared, overloaded machine spinning thread pools make wall times meaningless.
        env: { ...process.env, OMP_NUM_THREADS: '1' }
      })
    )
  } catch (e) {
    sk = { note: `scikit-learn not available: ${(e as Error).message.split('\n')[0]}` }
  }
  const gap =
    'logistic' in sk
      ? {
          logistic_vs_sklearn_logistic: round(ours.logistic.auc - sk.logistic.auc),
          gbm_vs_sklearn_hist_gbm: round(ours.gbm.auc - sk.hist_gbm.auc),
          best_of_ours_vs_best_of_sklearn: round(
            Math.max(...Object.values(ours).map((o) => o.auc)) - Math.max(sk.logistic.auc, sk.hist_gbm.auc)
          )
        }
      : null
  return {
    rows: n,
    seed,
    encoded_features: p.F,
    train_rows: p.ytrain.length,
    test_rows: p.ytest.length,
    pricelab: ours,
    sklearn: sk,
    auc_gap: gap,
    target: 'each gap ≥ −0.01',
    three_models_fit_ms: fitSum('fit_ms'),
    three_models_fit_cpu_ms: fitSum('fit_cpu_ms'),
    scoring_all_customers: scoring,
    // Our whole scoring (encode, predict, calibrate) against predict_proba alone on the encoded rows, same run.
    gbm_scoring_vs_predict_proba:
      'hist_gbm' in sk && sk.hist_gbm.predict_proba_all_cpu_ms
        ? {
            cpu_ratio_first: round(scoring.gbm.cpu_ms / sk.hist_gbm.predict_proba_all_cpu_ms, 2),
            cpu_ratio_later: round(scoring.gbm.later_cpu_ms / sk.hist_gbm.predict_proba_all_cpu_ms, 2),
            wall_ratio_later: round(scoring.gbm.later_wall_ms / (sk.hist_gbm.predict_proba_all_ms ?? NaN), 2)
          }
        : null,
    scoring_target_ms: 300,
    load_average_at_end: loadavg().map((x) => Math.round(x * 10) / 10)
  }
}

/** The whole trainer (CV of three models, calibration, scoring every customer with reasons). */
function fullRun(n: number, seed: number): Record<string, unknown> {
  const table = generateCustomers(n, seed)
  const run = timed(() => trainCustomers(table, SPEC, { ...DEFAULT_CUSTOMER_PLAN, seed }))
  const r = run.value.report
  return {
    rows: n,
    seed,
    wall_ms: run.wall_ms,
    cpu_ms: run.cpu_ms,
    models: r.models.map((m) => ({
      name: m.name,
      auc: round(m.auc),
      cv_auc: round(m.cv_auc ?? NaN),
      train_ms_with_cv: m.train_ms
    })),
    best_model: r.best_model,
    calibration_method: r.calibration_method,
    ece_before: round(r.ece_before),
    ece_after: round(r.ece_after),
    brier_after: round(r.brier_after),
    scoring_ms: r.scoring_ms,
    customers_scored: r.customers_scored,
    targets: { ece_after: 0.03, scoring_ms_100k: 1000, train_three_models_ms_100k: 30000 }
  }
}

/** `scoring`: only the 100,000-row comparison (fits, scoring, predict_proba), not the 7,000-row ones and full runs. */
export function benchCustomers(tmp: string, what?: string): Record<string, unknown> {
  if (what === 'scoring') return { reference_100k: reference(tmp, 100_000, 42) }
  const seeds = [42, 43]
  console.log('customers: 7,000 rows against scikit-learn…')
  const small = seeds.map((s) => reference(tmp, 7000, s))
  console.log('customers: 100,000 rows against scikit-learn…')
  const large = reference(tmp, 100_000, 42)
  console.log('customers: full runs…')
  return {
    reference_7k: small,
    reference_100k: large,
    run_7k: seeds.map((s) => fullRun(7000, s)),
    run_100k: fullRun(100_000, 42)
  }
}
