import { DEFAULT_GBM, boostingFitsStarted, fitGbm, predictGbm } from './gbm'
import { Rng } from '../util/rng'

/**
 * A fresh thread's first boosting fit ran 1.2× a later one: V8 compiles the tree learner and the WebAssembly
 * kernels (baseline first, optimized once hot) during it. A training worker calls this while idle, before a
 * task arrives: two small fits on a synthetic design of every kind of feature (continuous, few-valued,
 * integer-coded, with missing values) through the same paths a real fit takes — without subsampling (the
 * scores in the arena), with subsampling and early stopping on validation rows, prediction — large enough to
 * be shared with the helper thread when one is installed (its kernels warm up too). Does nothing once a real
 * fit has started in this thread (it compiled all of it). Returns the rows fitted (0: skipped).
 */
export function warmUpBoosting(): number {
  if (boostingFitsStarted() > 0) return 0
  const n = 28_000
  const F = 9
  const rng = new Rng(20_261_206)
  const X = new Float64Array(n * F)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * F
    for (let f = 0; f < F; f++) {
      const kind = f % 4
      X[o + f] =
        kind === 0
          ? rng.normal()
          : kind === 1
            ? rng.int(3)
            : kind === 2
              ? rng.int(60)
              : rng.next() < 0.03
                ? NaN
                : Math.exp(rng.normal())
    }
    y[i] = X[o] + 0.5 * X[o + 1] + Math.sin(X[o + 2] / 9) + 0.3 * rng.normal()
  }
  // 24,000 × 9 = 216,000 cells: shared with the helper (gbm.ts's SHARED_FIT_CELLS).
  const fit = n - 4000
  const rounds = 8
  const train = X.subarray(0, fit * F)
  const all = fitGbm(train, y.subarray(0, fit), F, {
    ...DEFAULT_GBM,
    subsample: 1,
    earlyStoppingRounds: 0,
    nEstimators: rounds
  })
  const valid = { X: X.subarray(fit * F), y: y.subarray(fit) }
  // The subsampled path on fewer rows: its loops are the same at any size.
  const small = 8000
  const sampled = fitGbm(
    X.subarray(0, small * F),
    y.subarray(0, small),
    F,
    { ...DEFAULT_GBM, nEstimators: rounds },
    valid
  )
  predictGbm(all, valid.X, n - fit)
  predictGbm(sampled, valid.X, n - fit)
  return fit + small
}
