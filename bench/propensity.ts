import { join } from 'node:path'
import { Backend } from '../src/backend/backend'
import { openSqlite } from '../src/backend/sqlite'
import { loadLearnerEvents } from '../src/core/propensity/events'
import { snapshotFeatures } from '../src/core/propensity/features'
import { design } from '../src/core/propensity/labels'
import { fitClassifier } from '../src/core/propensity/classifiers'
import { auc, bestF1 } from '../src/core/propensity/metrics'
import { isoToDay } from '../src/core/util/dates'

/** Leak-free propensity on the default sample: AUC/F1 per target against the seed's targets, and scoring speed. */
export async function benchPropensity(tmp: string): Promise<Record<string, unknown>> {
  const b = new Backend({ mode: 'cli', version: 'bench' })
  b.openProject(join(tmp, 'elasticity.pricelab'), { create: false })
  const t0 = performance.now()
  const run = await b.call('propensity:train', { jobId: 'p', seed: 42 })
  const wall = performance.now() - t0
  b.close()
  const round = (x: number) => Math.round(x * 1000) / 1000
  return {
    wall_ms: Math.round(wall),
    cutoff: run.cutoff,
    targets: run.targets.map((t) => {
      const best = t.models.find((m) => m.name === t.best_model)!
      return {
        target: t.target,
        best_model: t.best_model,
        auc: round(best.auc),
        f1: round(best.f1),
        precision_at_70: round(best.precision_at_70),
        baseline_auc: round(t.baseline.auc),
        scoring_ms: t.scoring_ms,
        learners_scored: t.learners_scored
      }
    }),
    targets_to_beat: { enrollment_auc: 0.8, churn_auc: 0.8, f1: 0.75, scoring_ms_10k_learners: 500 },
    price_sensitivity: run.price_sensitivity,
    enrollment_f1_ceiling: enrollmentF1Ceiling(join(tmp, 'elasticity.pricelab'))
  }
}

/**
 * How high can enrollment F1 go on this data? The same learners and labels, scored
 * once from the observed (leak-free) features and once with the generator's latent
 * truth added (each learner's engagement and true churn day): an oracle ceiling for
 * the seed's F1 ≥ 0.75 target.
 */
export function enrollmentF1Ceiling(path: string): Record<string, number> {
  const db = openSqlite(path, { readonly: true, mustExist: true })
  const ev = loadLearnerEvents(db)
  const cutoff = ev.lastDay - 60
  const snap = snapshotFeatures(ev, cutoff)
  const truth = new Map<string, number>()
  for (const r of db
    .prepare<{ key: string; metric: string; value: number }>(
      "SELECT key, metric, value FROM ground_truth WHERE scope = 'learner'"
    )
    .all())
    truth.set(`${r.key}|${r.metric}`, r.value)
  const meta = db.prepare<{ value: string }>("SELECT value FROM project_meta WHERE key = 'sample_data'").get()
  const startDay = isoToDay((JSON.parse(meta?.value ?? '{}') as { start: string }).start)
  db.close()
  // The enrollment target's own rows and labels: one row per learner of the snapshot, in its order.
  const { X: observed, y, F: base } = design(ev, snap, 'enrollment', cutoff)
  const out: Record<string, number> = {}
  for (const withTruth of [false, true]) {
    const F = base + (withTruth ? 2 : 0)
    const X = new Float64Array(y.length * F)
    snap.learners.forEach((l, r) => {
      for (let f = 0; f < base; f++) X[r * F + f] = observed[r * base + f]
      if (withTruth) {
        const id = ev.learnerIds[l]
        X[r * F + base] = truth.get(`${id}|engagement`) ?? 0
        X[r * F + base + 1] = (truth.get(`${id}|churn_day_offset`) ?? 0) + startDay - cutoff
      }
    })
    const idx = [...y.keys()]
    const take = (ix: number[]) => ({
      X: Float64Array.from(ix.flatMap((i) => Array.from(X.subarray(i * F, i * F + F)))),
      y: Uint8Array.from(ix.map((i) => y[i]))
    })
    const tr = take(idx.filter((i) => i % 4 !== 0))
    const te = take(idx.filter((i) => i % 4 === 0))
    const s = fitClassifier('gbm', tr.X, tr.y, F, 1).predict(te.X, te.y.length)
    out[withTruth ? 'f1_with_latent_truth' : 'f1_observed_features'] =
      Math.round(bestF1(s, te.y).f1 * 1000) / 1000
    out[withTruth ? 'auc_with_latent_truth' : 'auc_observed_features'] =
      Math.round(auc(s, te.y) * 1000) / 1000
  }
  return out
}
