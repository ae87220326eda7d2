import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateCustomers } from '../src/core/propensity/customers/generate'
import {
  prepareCustomers,
  trainCustomers,
  DEFAULT_CUSTOMER_PLAN
} from '../src/core/propensity/customers/train'
import { CLASSIFIERS, fitClassifier } from '../src/core/propensity/classifiers'
import { auc } from '../src/core/propensity/metrics'

const SPEC = { dataset: 'generated', label: 'churn', id: 'customer_id' }
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
  const ours: Record<string, { auc: number; fit_ms: number }> = {}
  for (const kind of CLASSIFIERS) {
    const t0 = performance.now()
    const m = fitClassifier(kind, p.Xtrain, p.ytrain, p.F, seed)
    const ms = performance.now() - t0
    ours[kind] = { auc: round(auc(m.predict(p.Xtest, p.ytest.length), p.ytest)), fit_ms: Math.round(ms) }
  }
  let sk: Record<string, { auc: number; fit_ms: number }> | { note: string }
  try {
    sk = JSON.parse(
      execFileSync('/usr/bin/python3', [join(__dirname, '../../bench/customers-reference.py'), dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 20
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
    target: 'each gap ≥ −0.01'
  }
}

/** The whole trainer (CV of three models, calibration, scoring every customer with reasons). */
function fullRun(n: number, seed: number): Record<string, unknown> {
  const table = generateCustomers(n, seed)
  const t0 = performance.now()
  const { report: r } = trainCustomers(table, SPEC, { ...DEFAULT_CUSTOMER_PLAN, seed })
  const wall = performance.now() - t0
  return {
    rows: n,
    seed,
    wall_ms: Math.round(wall),
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

export function benchCustomers(tmp: string): Record<string, unknown> {
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
