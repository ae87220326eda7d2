import type { Panel } from '../../core/elasticity/panel'
import type { TrainPlan } from '../../shared/elasticity/model-results'
import type { DmlResult } from '../../core/elasticity/dml'
import { placeFold } from '../../core/elasticity/dml-cross-fit'
import { CancelledError } from '../../core/data/csv/errors'
import type { TaskHandle, TrainingPool } from '../training-pool'

/**
 * Where the split DML estimate stands, for the job's progress line: the folds done of all the folds
 * (repeats × folds), each running fold counting by its own progress (half after its demand model).
 */
export class DmlTracker {
  started = false
  total = 0
  done = 0
  private readonly running = new Set<TaskHandle>()

  /** 0..1 over the fold tasks (preparing counts as none done; combining as all done). */
  share(): number {
    if (!this.total) return 0
    let s = this.done
    for (const h of this.running) s += h.progress[0]
    return Math.min(1, s / this.total)
  }

  label(): string {
    return this.total ? `DML (${this.done} of ${this.total} folds)` : 'DML'
  }

  /** The task handle of a fold while it runs (TrainingPool's onStart). */
  track(h: TaskHandle): () => void {
    this.running.add(h)
    return () => {
      this.running.delete(h)
      this.done++
    }
  }
}

export interface DmlRun {
  result: DmlResult
  /** Fold tasks each worker thread ran, in the order the threads first ran one. */
  foldTasksPerWorker: number[]
}

/** A fold not started because another one failed: never reported (the first failure is). */
class FoldSkipped extends Error {}

/**
 * The debiased (DML) estimate as worker tasks of the training pool: one task prepares what the folds
 * share (in shared memory: the panel is not copied, nor is the prepared design), then one task per fold
 * of every repeat, which the pool runs on all its workers, then one task combines the folds' residuals.
 * Each fold's models depend on the seed, the repeat and the fold only, so the estimate is dmlEstimate's
 * to the bit whichever worker runs a fold and in whatever order. Every task is timed like a model's (the
 * pool's per-task limit: a hung fold fails, a slow DML of many folds does not). A failing step names DML
 * and the fold; the first failure stops the folds not yet started.
 */
export async function runDmlTasks(
  pool: TrainingPool,
  panel: Panel,
  plan: TrainPlan,
  signal: { aborted: boolean },
  tracker = new DmlTracker()
): Promise<DmlRun> {
  tracker.started = true
  const prep = await step('preparing DML', () => pool.run((api) => api.dmlPrepare(panel, plan), signal))
  const { repeats: R, folds: K } = prep
  const n = prep.rows.length
  // Shared, so the combining task reads the residuals without a copy.
  const column = () => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT))
  const ry = Array.from({ length: R }, column)
  const x = Array.from({ length: R }, column)
  tracker.total = R * K
  const perThread = new Map<number, number>()
  const controls = panel.controls.map((c) => c.values)
  let failure: Error | null = null
  const fold = async (r: number, f: number): Promise<void> => {
    let finish = () => {}
    try {
      const res = await pool.run(
        (api, h) => {
          if (failure) throw new FoldSkipped()
          return api.dmlFold(controls, prep, r, f, h.progress)
        },
        signal,
        (h) => (finish = tracker.track(h))
      )
      placeFold(res, ry[r], x[r])
      perThread.set(res.thread, (perThread.get(res.thread) ?? 0) + 1)
    } catch (e) {
      if (e instanceof CancelledError || signal.aborted) throw e
      // A fold skipped after a failure rejects too (as a crash of nothing): the first failure is the one named.
      if (!failure)
        failure = new Error(`DML fold ${f + 1} of ${K}, repeat ${r + 1} of ${R}: ${(e as Error).message}`)
    } finally {
      finish()
    }
  }
  const settled = await Promise.allSettled(
    Array.from({ length: R * K }, (_, t) => fold(Math.floor(t / K), t % K))
  )
  const cancelled = settled.find((s) => s.status === 'rejected')
  if (cancelled) throw (cancelled as PromiseRejectedResult).reason
  if (failure) throw failure
  const result = await step('combining the DML folds', () =>
    pool.run((api) => api.dmlCombine(panel, prep, ry, x), signal)
  )
  return { result, foldTasksPerWorker: [...perThread.values()] }
}

/** A step before or after the folds, its failure named (cancellation passes as it is). */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    if (e instanceof CancelledError) throw e
    throw new Error(`${what}: ${(e as Error).message}`)
  }
}
