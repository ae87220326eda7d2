import { existsSync } from 'node:fs'
import type { z } from 'zod'
import { generateSampleData } from '../core/data/sample/generate'
import type { WorkbookParser } from '../core/data/import/records'
import { workbookInWorker, type WorkbookWorkerOptions } from './workbook-reader'
import {
  api,
  parseCall,
  type ApiEvent,
  type ApiName,
  type ApiResult,
  type Envelope,
  type AppInfo
} from '../shared/api'
import { FileRegistry } from './files'
import { JobRegistry, refuseWhileRunning } from './jobs'
import { afterCall, nameJob } from './job-names'
import { toErrorBody } from './error-body'
import { fromBody } from '../shared/domain-error'
import { ProjectSession } from './project'
import { rememberRecent } from './recent'
import { TrainingPool } from './training-pool'
import { TableReads } from './table-reads'
import { currentRun, latestRun, loadModel, loadRun } from '../core/elasticity/registry'
import { PredictorCache } from './elasticity/predictor-cache'
import { DEFAULT_SEED } from '../shared/defaults'
import type { HandlerContext } from './context'
import { handlers } from './handlers'
import { NoProjectError } from './no-project'
import { DigestPreparations } from './pricing/digest-prepare'

export interface BackendOptions {
  mode: AppInfo['mode']
  version: string
  /** Limits of the workbook-parsing worker (memory cap, time limit). */
  workbook?: WorkbookWorkerOptions
  /**
   * Start the training workers when the window first lists the datasets (after its first page is drawn), so
   * they have warmed up before the first run (the app and browser mode; the CLI trains at once, and tests
   * start workers as they need them).
   */
  prestartTraining?: boolean
}

/**
 * The one backend behind every shell: Electron main, the browser-mode server and
 * the CLI hold a Backend and forward calls to `dispatch`. It holds the session (the
 * open project), the jobs and the workers; the handlers (./handlers, one map per
 * domain) validate nothing themselves (dispatch did), call the core, and return.
 */
export class Backend {
  private session: ProjectSession | null = null
  private readonly listeners = new Set<(e: ApiEvent) => void>()
  readonly files = new FileRegistry()
  readonly jobs = new JobRegistry((e) => this.listeners.forEach((l) => l(e)))
  readonly pool: TrainingPool
  /** Table reads off the event loop, on their own workers and connections (not the training pool's). */
  readonly reads = new TableReads(this.jobs)
  /** Workbooks are parsed in a worker of their own, under a memory cap and a time limit. */
  private readonly workbook: WorkbookParser
  /** Panels and restored models of saved runs, kept warm for prediction calls; any write makes them stale. */
  private readonly predictors = new PredictorCache({
    version: () => `${this.project.path}#${this.project.writes}`,
    // A run trained on data since regenerated or replaced is refused with the reason, never priced from.
    loadRun: (runId) =>
      currentRun(
        this.project.reader,
        runId ? loadRun(this.project.reader, runId) : latestRun(this.project.reader)
      ),
    loadPanel: (run) =>
      this.pool.run((api) => api.loadPanelMoved(this.project.path, run.dataset, run.controls)),
    // The digest comes from the project's cache when the data and settings are unchanged (written by the
    // worker, so this thread never encodes or stores it; a read-only project only reads it).
    loadDigest: async (run, itemBy) => {
      // A base digest being made right now (after training, or an import in the app) is waited for, then read.
      await this.digests.running(this.project.path, run.dataset)
      const use = this.project.readOnly ? 'read' : 'read-write'
      const got = await this.pool.run((api) =>
        api.pricingDigest(this.project.path, run.dataset, run.controls, itemBy, use)
      )
      // Where it came from goes with it (the run's `digest_source`): a cache hit writes nothing to prove it.
      return { ...got.digest, source: got.source }
    },
    loadModel: (runId, kind) => loadModel(this.project.reader, runId, kind)
  })
  /** Base digests made ahead of pricing, on the training workers. */
  readonly digests: DigestPreparations
  /** What the handlers get instead of this class. */
  private readonly context: HandlerContext

  constructor(readonly options: BackendOptions & { pool?: TrainingPool }) {
    this.workbook = workbookInWorker(options.workbook)
    this.pool = options.pool ?? new TrainingPool({ timeoutMs: 10 * 60_000 })
    this.digests = new DigestPreparations(this.pool)
    this.context = {
      app: { mode: options.mode, version: options.version },
      project: () => this.project,
      session: () => this.session,
      openProject: (path, opts) => this.openProject(path, opts),
      jobs: this.jobs,
      files: this.files,
      pool: this.pool,
      reads: this.reads,
      workbook: this.workbook,
      predictors: this.predictors,
      prepareDigest: async (dataset) => {
        const session = this.session
        if (session && !session.readOnly) await this.digests.prepare(session.path, dataset)
      },
      warmTraining: () => {
        if (options.prestartTraining) this.pool.prestart()
      },
      onEvent: (listener) => this.onEvent(listener),
      errorBody: toErrorBody
    }
  }

  onEvent(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get project(): ProjectSession {
    if (!this.session) throw new NoProjectError()
    return this.session
  }

  openProject(path: string, opts: { create: boolean }): ProjectSession {
    if (this.session) refuseWhileRunning(this.jobs, 'open another project')
    const next = ProjectSession.open(path, opts)
    this.session?.close()
    this.reads.close()
    this.session = next
    rememberRecent(next.path)
    return next
  }

  /** Opens the project, creating it (with sample data when asked) if it does not exist yet. */
  async ensureProject(path: string, opts: { sample: boolean; seed?: number }): Promise<ProjectSession> {
    const exists = existsSync(path)
    const s = this.openProject(path, { create: !exists })
    if (!exists && opts.sample)
      await s.lockWrite((db) => generateSampleData(db, { seed: opts.seed ?? DEFAULT_SEED, scale: 1 }))
    return s
  }

  close(): void {
    this.digests.close()
    this.pool.close()
    this.reads.close()
    this.files.dispose()
    this.session?.close()
    this.session = null
  }

  /** Validates and runs one call; every outcome, including a bug, comes back as an envelope. */
  async dispatch(name: unknown, args: unknown): Promise<Envelope<unknown>> {
    const parsed = parseCall(name, args)
    if ('error' in parsed) return { ok: false, error: parsed.error }
    try {
      nameJob(this.jobs, parsed.name, parsed.args, (id) => this.files.get(id).name)
      const handler = handlers[parsed.name] as (a: unknown, ctx: HandlerContext) => Promise<unknown>
      const value = await handler(parsed.args, this.context)
      afterCall(this.files, parsed.name, parsed.args)
      return { ok: true, value }
    } catch (e) {
      return { ok: false, error: toErrorBody(e) }
    }
  }

  /** Typed direct call for in-process users (CLI, tests); throws on error. */
  async call<K extends ApiName>(name: K, args: z.input<(typeof api)[K]['input']>): Promise<ApiResult<K>> {
    const r = await this.dispatch(name, args)
    if (!r.ok) throw fromBody(r.error)
    return r.value as ApiResult<K>
  }
}
