import { threadId } from 'node:worker_threads'
import { transfer } from 'comlink'
import { openSqlite } from './sqlite'
import { warmUpTreeLearner } from './hist-helper'
import type { FirstWork } from './worker-script'
import { inSharedMemory, ownBuffers } from './elasticity/shared-panel'
import {
  loadDatasetPanel,
  loadSamplePanel,
  selectControls,
  SAMPLE_DATASET,
  type Panel
} from '../core/elasticity/panel'
import { trainModel } from '../core/elasticity/train'
import { digestFor } from '../core/pricing/digest'
import {
  obtainDigest,
  prepareBaseDigest,
  type DigestCacheUse,
  type ObtainedDigest,
  type PreparedDigest
} from './pricing/digest-source'
import { digestReadInParallel } from './pricing/digest-helper'
import type { ItemBy } from '../core/pricing/catalog'
import { cornerJobPrices, type CornerJob } from '../core/pricing/corner'
import { packTrained, type PackedModel } from '../core/elasticity/model-store'
import type { TrainPlan } from '../shared/elasticity/model-results'
import { dmlCombine, type DmlResult } from '../core/elasticity/dml'
import { dmlFold, dmlPrepare, type DmlFoldResult, type DmlPrep } from '../core/elasticity/dml-cross-fit'
import { crossElasticities } from '../core/elasticity/cross'
import { crossGroupOf } from '../core/elasticity/cross-groups'
import { crossItemElasticities } from '../core/elasticity/cross-items'
import { NO_CROSS } from '../shared/elasticity/cross'
import type { ItemSample } from '../core/elasticity/panel-columns'
import type { ModelKind } from '../shared/elasticity'
import { loadLearnerEvents } from '../core/propensity/events'
import { priceSensitivity } from '../core/propensity/price-sensitivity'
import { trainTarget, type PropensityPlan } from '../core/propensity/train'
import type { Target } from '../shared/propensity'
import { loadCustomerTable } from '../core/propensity/customers/registry'
import { loadBands } from '../core/propensity/registry'
import { trainCustomers, type CustomerPlan, type CustomerSpec } from '../core/propensity/customers/train'
import { CustomerInputError } from '../core/propensity/customers/label'
import { eventLogTables, type EventLogSpec } from '../core/propensity/customers/event-log'

/**
 * What a training worker offers. Progress goes into a shared Float64Array the
 * parent polls (comlink callbacks do not cross worker_threads without extra plumbing).
 */
function readPanel(dbPath: string, dataset: string | null, controls?: string[], sample?: ItemSample): Panel {
  const db = openSqlite(dbPath, { readonly: true, mustExist: true })
  try {
    return selectControls(
      !dataset || dataset === SAMPLE_DATASET
        ? loadSamplePanel(db)
        : loadDatasetPanel(db, dataset, { sample }),
      controls
    )
  } finally {
    db.close()
  }
}

/** Set by the first pricing task: a thread that prices fits no trees, so it skips its warm-up (hist-helper.ts). */
let pricing = false
export const pricingStarted = () => pricing

/** This thread's warm-up: the rows it fitted, 0 when skipped or failed. */
let warming: Promise<number> = Promise.resolve(0)

/**
 * Warms the thread's tree learner while it is idle (hist-helper.ts), unless it was started for pricing: the
 * digest read it was started for would wait behind the warm-up's fits.
 */
export function startWarmUp(first: FirstWork | null): void {
  if (first === 'pricing') return
  // A failed warm-up only leaves the thread cold: the real fit reports its own errors.
  warming = warmUpTreeLearner(() => !pricing).catch(() => 0)
}

export const trainingApi = {
  /** The rows this thread's warm-up fitted (0: skipped), once it has ended. */
  warmUp(): Promise<number> {
    return warming
  },
  /** For training: in shared memory, so the tasks' workers read this one copy instead of each receiving its own. */
  loadPanel(dbPath: string, dataset: string | null, controls?: string[], sample?: ItemSample): Panel {
    return inSharedMemory(readPanel(dbPath, dataset, controls, sample))
  },
  /** For the main thread alone (pricing, predictions): its arrays are moved to the caller, never copied. */
  loadPanelMoved(dbPath: string, dataset: string | null, controls?: string[]): Panel {
    const panel = readPanel(dbPath, dataset, controls)
    return transfer(panel, ownBuffers(panel))
  },
  /**
   * Pricing's per-item digest of a dataset (src/core/pricing/digest.ts): from the project's digest cache when
   * the dataset and settings are unchanged, else made while the rows stream (digest-stream.ts: memory grows
   * with the items, not the rows) and cached (`cache`: 'read' for a read-only project); only the digest is
   * moved to the caller.
   */
  pricingDigest(
    dbPath: string,
    dataset: string | null,
    controls?: string[],
    itemBy?: ItemBy,
    cache: DigestCacheUse = 'off'
  ): ObtainedDigest {
    pricing = true
    const got = obtainDigest(
      dbPath,
      dataset,
      controls,
      itemBy,
      cache,
      (rows, chosen) => digestFor(readPanel(dbPath, dataset, chosen), rows),
      digestReadInParallel(dbPath)
    )
    return transfer(got, ownBuffers(got))
  },
  /**
   * Makes and caches the dataset's base digest unless it is cached (digest-source.ts prepareBaseDigest), so the
   * first optimize reads it; nothing crosses back but what was done and how long it took.
   */
  prepareDigest(dbPath: string, dataset: string): PreparedDigest {
    pricing = true
    return prepareBaseDigest(
      dbPath,
      dataset,
      (rows, chosen) => digestFor(readPanel(dbPath, dataset, chosen), rows),
      digestReadInParallel(dbPath)
    )
  },
  /** The corner curve's re-optimizations this worker claimed (corner.ts): their prices, moved to the caller. */
  async cornerPrices(job: CornerJob): Promise<(Float64Array | null)[]> {
    pricing = true
    const prices = await cornerJobPrices(job)
    return transfer(
      prices,
      prices.flatMap((p) => (p ? [p.buffer as ArrayBuffer] : []))
    )
  },
  /** The cross-price matrix inside the dataset's group column (`setting`: a column, 'none', or absent: detected). */
  cross(dbPath: string, panel: Panel, setting: string | undefined, top?: number) {
    const db = openSqlite(dbPath, { readonly: true, mustExist: true })
    try {
      const group = crossGroupOf(db, panel, setting)
      if (!group) return { ...NO_CROSS, warnings: [] }
      return group.level === 'item'
        ? crossItemElasticities(panel, { top })
        : crossElasticities(panel, { group, top })
    } finally {
      db.close()
    }
  },
  /** The model's report and its stored body, serialized and deflated here (moved, not copied, to the caller). */
  train(kind: ModelKind, panel: Panel, plan: TrainPlan, progress: Float64Array): PackedModel {
    const packed = packTrained(trainModel(kind, panel, plan, (s) => (progress[0] = s)))
    return transfer(packed, [packed.body.buffer])
  },
  propensity(dbPath: string, target: Target, plan: PropensityPlan, progress: Float64Array) {
    const db = openSqlite(dbPath, { readonly: true, mustExist: true })
    try {
      const events = loadLearnerEvents(db)
      progress[0] = 0.2
      const report = trainTarget(events, target, plan)
      progress[0] = 1
      return report
    } finally {
      db.close()
    }
  },
  /** A customer table's label; a refusal (CustomerInputError) crosses the worker as a DomainError. */
  customers(
    dbPath: string,
    spec: Omit<CustomerSpec, 'label'> & { label?: string; events?: EventLogSpec },
    plan: CustomerPlan,
    progress: Float64Array
  ): ReturnType<typeof trainCustomers> {
    const db = openSqlite(dbPath, { readonly: true, mustExist: true })
    try {
      const table = loadCustomerTable(db, spec.dataset)
      progress[0] = 0.1
      const bands = loadBands(db)
      const { events, ...rest } = spec
      if (events) {
        const t = eventLogTables(table, events)
        return trainCustomers(
          t.train,
          { ...rest, label: t.label, id: 'customer', features: undefined },
          plan,
          {
            bands,
            score: t.current,
            cutoff: t.cutoff,
            windowDays: events.window,
            scoredAsOf: t.scoredAsOf,
            population: `customers of ${spec.dataset} with an event before ${t.cutoff}`
          }
        )
      }
      if (!rest.label)
        throw new CustomerInputError('give the label column (or an event log spec)', spec.dataset)
      return trainCustomers(table, { ...rest, label: rest.label }, plan, { bands })
    } finally {
      db.close()
    }
  },
  priceSensitivity(dbPath: string) {
    const db = openSqlite(dbPath, { readonly: true, mustExist: true })
    try {
      return priceSensitivity(db)
    } finally {
      db.close()
    }
  },
  /**
   * Copies the write-ahead log into the project file (a passive checkpoint: it waits for no one), off the
   * main thread: SQLite would otherwise do it inside the commit that passes 1,000 pages of log, 10–30 ms of
   * the main thread's time after a training run's save (elasticity-job.ts).
   */
  checkpoint(dbPath: string): void {
    const db = openSqlite(dbPath, { mustExist: true })
    try {
      db.pragma('wal_checkpoint(PASSIVE)')
    } finally {
      db.close()
    }
  },
  /** "Save as" off the main thread: a consistent copy of the project through a read-only connection. */
  copyProject(dbPath: string, dest: string): void {
    const db = openSqlite(dbPath, { readonly: true, mustExist: true })
    try {
      db.prepare('VACUUM INTO ?').run(dest)
    } finally {
      db.close()
    }
  },
  /**
   * The debiased (DML) estimate's first step (dml-cross-fit.ts): what every fold shares, in shared memory,
   * so the fold tasks of both workers read this one copy (src/backend/elasticity/dml-tasks.ts).
   */
  dmlPrepare(panel: Panel, plan: TrainPlan): DmlPrep {
    const all = Uint32Array.from({ length: panel.n }, (_, i) => i)
    return inSharedMemory(
      dmlPrepare(panel, all, { folds: plan.folds, seed: plan.seed, withinItems: plan.withinItems })
    )
  },
  /** One fold of one repeat: its residuals (moved to the caller) and the thread that computed them. */
  dmlFold(
    controls: Float64Array[],
    prep: DmlPrep,
    repeat: number,
    fold: number,
    progress: Float64Array
  ): DmlFoldResult & { thread: number } {
    const f = dmlFold(controls, prep, repeat, fold, () => (progress[0] = 0.5))
    progress[0] = 1
    return transfer({ ...f, thread: threadId }, [f.at.buffer, f.ry.buffer, f.x.buffer])
  },
  /** The estimate from every repeat's residuals (shared arrays, filled by the caller from the folds). */
  dmlCombine(panel: Panel, prep: DmlPrep, ry: Float64Array[], x: Float64Array[]): DmlResult {
    return dmlCombine(panel, prep, ry, x)
  }
}

export type TrainingWorkerApi = typeof trainingApi
