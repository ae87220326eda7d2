import { createWriteStream, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { generateSampleData } from '../core/data/sample/generate'
import { generateSample } from '../core/data/sample/kinds'
import { listTables } from '../core/data/tables'
import { listDatasets } from '../core/data/datasets'
import { previewCsv } from '../core/data/import/preview'
import { importCsv } from '../core/data/import/import-csv'
import type { WorkbookParser } from '../core/data/import/records'
import { workbookInWorker, type WorkbookWorkerOptions } from './workbook-reader'
import { exportTableCsv } from '../core/data/export-csv'
import { DomainError } from '../core/errors'
import { LATEST_SCHEMA_VERSION } from '../core/db/migrate'
import {
  api,
  type ExportedFile,
  parseCall,
  type ApiEvent,
  type ApiName,
  type ApiResult,
  type Envelope,
  type AppInfo
} from '../shared/api'
import { FileRegistry } from './files'
import { JobRegistry, refuseWhileRunning, refuseWhileUsed } from './jobs'
import { afterCall, nameJob } from './job-names'
import { saveProjectAs } from './save-as'
import { toErrorBody } from './error-body'
import { NotFoundError, ProjectSession } from './project'
import { projectsDir, scratchDir } from './paths'
import { listRecent, rememberRecent } from './recent'
import { TrainingPool } from './training-pool'
import { TableReads } from './table-reads'
import { runElasticity } from './elasticity-job'
import { latestRun, listRuns, loadModel, loadRun } from '../core/elasticity/registry'
import { pruneOldRuns } from '../core/elasticity/model-store'
import { defaultReportDir } from './report-dir'
import { predictDemand } from '../core/elasticity/predict'
import { PredictorCache } from './predictor-cache'
import { elasticitySources } from '../core/elasticity/panel'
import { TARGETS } from '../core/propensity/labels'
import { bandsFrom } from '../core/propensity/segments'
import {
  applyBands,
  learnerWhy,
  latestPropensityRun,
  savePropensityRun,
  scoredLearners,
  type PropensityRun
} from '../core/propensity/registry'
import { segmentActions } from '../core/propensity/actions'
import {
  DEFAULT_POLICY,
  medianListPrice,
  personalizedOffers,
  summarizeOffers
} from '../core/propensity/offers'
import { profitCurve } from '../core/propensity/metrics'
import { csvDocument, csvRecords } from '../core/data/csv/writer'
import { elasticityCsv } from '../core/elasticity/export'
import { writeFileSync } from 'node:fs'
import { pricingHandlers } from './pricing-handlers'
import { experimentHandlers } from './experiment-handlers'
import { customerHandlers } from './customer-handlers'
import { transactionHandlers } from './transaction-handlers'
import { runStudy } from './pipeline'
import { getRun, listRuns as listPipelineRuns } from '../core/pipeline/runs'
import { readdirSync, readFileSync } from 'node:fs'
import { DEFAULT_SEED } from '../shared/defaults'

export type Handlers = { [K in ApiName]: (args: z.output<(typeof api)[K]['input']>) => Promise<ApiResult<K>> }

export interface BackendOptions {
  mode: AppInfo['mode']
  version: string
  /** Limits of the workbook-parsing worker (memory cap, time limit). */
  workbook?: WorkbookWorkerOptions
}

/**
 * The one backend behind every shell: Electron main, the browser-mode server and
 * the CLI hold a Backend and forward calls to `dispatch`. Each handler validates
 * (in dispatch), calls the core, and returns; no shell has logic of its own.
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
    loadRun: (runId) => (runId ? loadRun(this.project.reader, runId) : latestRun(this.project.reader)),
    loadPanel: (run) => this.pool.run((api) => api.loadPanel(this.project.path, run.dataset, run.controls)),
    loadModel: (runId, kind) => loadModel(this.project.reader, runId, kind)
  })

  constructor(readonly options: BackendOptions & { pool?: TrainingPool }) {
    this.workbook = workbookInWorker(options.workbook)
    this.pool = options.pool ?? new TrainingPool({ timeoutMs: 10 * 60_000 })
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
      const handler = this.handlers[parsed.name] as (a: unknown) => Promise<unknown>
      const value = await handler(parsed.args)
      afterCall(this.files, parsed.name, parsed.args)
      return { ok: true, value }
    } catch (e) {
      return { ok: false, error: toErrorBody(e) }
    }
  }

  /** Typed direct call for in-process users (CLI, tests); throws on error. */
  async call<K extends ApiName>(name: K, args: z.input<(typeof api)[K]['input']>): Promise<ApiResult<K>> {
    const r = await this.dispatch(name, args)
    if (!r.ok) throw new DomainError(r.error.code, r.error.message, r.error.issues)
    return r.value as ApiResult<K>
  }

  /** A finished export: written to PriceLab's exports folder and staged for saving or download. */
  private saveExport(name: string, csv: string, rows: number): ExportedFile {
    const path = exportPath(name)
    writeFileSync(path, csv)
    return { ...this.files.stageOwned(path, safeFileName(name)), rows }
  }

  /** The latest propensity run; `enrollmentFor` names what needs its enrollment score. */
  private propensityRun(enrollmentFor?: string): PropensityRun {
    const run = latestPropensityRun(this.project.reader)
    if (!run) throw new NotFoundError('no propensity run yet: train the propensity models first')
    if (enrollmentFor && !run.targets.some((t) => t.target === 'enrollment'))
      throw new NotFoundError(
        `${enrollmentFor} follow enrollment propensity: train the enrollment score first`
      )
    return run
  }

  private readonly handlers: Handlers = {
    'app:info': async () => ({
      version: this.options.version,
      mode: this.options.mode,
      schemaVersion: LATEST_SCHEMA_VERSION,
      projectsDir: projectsDir()
    }),
    'project:current': async () => this.session?.info() ?? null,
    'project:create': async ({ path, sample }) => {
      const s = this.openProject(path, { create: true })
      if (sample) await s.lockWrite((db) => generateSampleData(db, { seed: DEFAULT_SEED, scale: 1 }))
      return s.info()
    },
    'project:open': async ({ path }) => this.openProject(path, { create: false }).info(),
    'project:saveAs': async ({ path, jobId }) => {
      refuseWhileRunning(this.jobs, 'save the project under another name')
      const copy = await saveProjectAs(this.project, path, this.pool, this.jobs, jobId)
      return this.openProject(copy, { create: false }).info()
    },
    'project:recent': async () => listRecent(),
    'project:compact': async () => {
      refuseWhileRunning(this.jobs, 'compact the project')
      const path = this.project.path
      const size = () => statSync(path).size
      await this.project.lockWrite((db) => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'))
      const bytesBefore = size()
      const runsDeleted = await this.project.lockWrite((db) => {
        const n = pruneOldRuns(db)
        db.exec('VACUUM')
        // VACUUM goes through the write-ahead log: merge it so the file on disk shrinks now.
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
        return n
      })
      return { bytesBefore, bytesAfter: size(), runsDeleted }
    },
    'data:generate': async ({ jobId, seed, scale, kind }) => {
      // Regenerating replaces the sample every running model, study or read works on.
      refuseWhileRunning(this.jobs, 'regenerate the sample data', jobId)
      return this.jobs.run(jobId, (job) =>
        this.project.lockWrite((db) =>
          generateSample(db, kind, { seed, scale }, (p) => job.progress(p.percent, p.message))
        )
      )
    },
    'data:tables': async () => listTables(this.project.reader),
    'data:datasets': async () => listDatasets(this.project.reader),
    'data:rows': async (q) => this.reads.rows(this.project.path, q),
    'data:summary': async ({ table, jobId }) => this.reads.summary(this.project.path, table, jobId),
    'file:stagePath': async ({ path }) => this.files.stagePath(path),
    'import:preview': async ({ fileId, delimiter, encoding, sheet }) =>
      previewCsv(this.files.open(fileId), this.files.get(fileId).name, {
        delimiter,
        encoding,
        sheet,
        workbook: this.workbook
      }),
    'import:run': async ({ jobId, fileId, plan }) => {
      const f = this.files.get(fileId)
      if (plan.target.kind === 'dataset' && plan.target.replace) refuseWhileUsed(this.jobs, plan.target.name)
      return this.jobs.run(jobId, (job) =>
        this.project.lockWrite((db) =>
          importCsv(db, this.files.open(fileId), f.name, plan, {
            signal: job.signal,
            workbook: this.workbook,
            totalBytes: f.size,
            onProgress: (p) =>
              job.progress((p.bytes / Math.max(1, f.size)) * 100, `${p.rows.toLocaleString('en-US')} rows`)
          })
        )
      )
    },
    'export:table': async ({ table, bom, delimiter }) => {
      const name = `${table}.csv`
      const path = exportPath(name)
      const out = createWriteStream(path)
      const { rows } = await exportTableCsv(
        this.project.reader,
        table,
        async (chunk) => {
          if (!out.write(chunk)) await once(out, 'drain')
        },
        { bom, delimiter }
      )
      out.end()
      await once(out, 'finish')
      const staged = this.files.stageOwned(path, name)
      return { ...staged, rows }
    },
    'elasticity:sources': async () => elasticitySources(this.project.reader),
    'elasticity:train': async ({ jobId, ...req }) => {
      const project = this.project
      return this.jobs.run(jobId, (job) =>
        runElasticity(project.path, (fn) => project.lockWrite(fn), this.pool, req, job, project.reader)
      )
    },
    'elasticity:runs': async () => listRuns(this.project.reader),
    'elasticity:run': async ({ runId }) =>
      runId ? loadRun(this.project.reader, runId) : latestRun(this.project.reader),
    'elasticity:export': async ({ runId, table, bom }) => {
      const report = loadRun(this.project.reader, runId)
      if (!report) throw new NotFoundError(`no elasticity run ${runId}`)
      const { csv, rows } = elasticityCsv(report, table, bom ?? false)
      return this.saveExport(`elasticity-run${runId}-${table}.csv`, csv, rows)
    },
    'elasticity:predict': async ({ runId, model, items }) => {
      const ctx = await this.predictors.get(runId ?? null, model ?? null)
      return {
        run_id: ctx.runId,
        model: ctx.kind,
        predictions: predictDemand(ctx.panel, ctx.model, ctx.latest, items)
      }
    },
    'propensity:train': async ({ jobId, targets, cutoff, seed }) => {
      const path = this.project.path
      const chosen = targets ?? [...TARGETS]
      return this.jobs.run(jobId, async (job) => {
        const plan = { cutoff, seed: seed ?? DEFAULT_SEED, folds: 3, testShare: 0.25 }
        let done = 0
        const results = await Promise.all(
          chosen.map(async (t) => {
            const r = await this.pool.run((api, h) => api.propensity(path, t, plan, h.progress), job.signal)
            job.progress((++done / chosen.length) * 99, `Trained ${t}`)
            return r
          })
        )
        const sensitivity = await this.pool.run((api) => api.priceSensitivity(path), job.signal)
        const createdAt = new Date().toISOString()
        const reports = results.map((r) => r.report)
        const current = results.map((r) => r.current)
        const run = await this.project.lockWrite((db) =>
          savePropensityRun(db, reports, current, sensitivity, createdAt)
        )
        job.progress(100, 'Done')
        return run
      })
    },
    'propensity:run': async () => latestPropensityRun(this.project.reader),
    'propensity:threshold': async ({ target, offerCost, retainedValue }) => {
      const t = latestPropensityRun(this.project.reader)?.targets.find((x) => x.target === target)
      if (!t) throw new NotFoundError(`no ${target} model yet: train it on the Propensity page first`)
      return {
        ...profitCurve(t.test.score, t.test.label, offerCost, retainedValue),
        test_learners: t.test.label.length
      }
    },
    'propensity:offers': async ({
      referencePrice,
      maxDiscountPct,
      minPrice,
      sensitivityExtraPct,
      export: wantFile
    }) => {
      const run = this.propensityRun('personalized prices')
      const policy = {
        ...DEFAULT_POLICY,
        referencePrice: referencePrice ?? medianListPrice(this.project.reader),
        ...(maxDiscountPct === undefined ? {} : { maxDiscountPct }),
        ...(minPrice === undefined ? {} : { minPrice }),
        ...(sensitivityExtraPct === undefined ? {} : { sensitivityExtraPct })
      }
      const offers = personalizedOffers(this.project.reader, run.run_id, policy)
      let file: ExportedFile | null = null
      if (wantFile) {
        const cols = [
          'learner_id',
          'segment',
          'price_sensitivity',
          'discount_pct',
          'price',
          'bound_by',
          'base_conversion',
          'expected_conversion'
        ] as const
        const csv = csvRecords(cols, offers, true)
        file = this.saveExport(`personalized-prices-run${run.run_id}.csv`, csv, offers.length)
      }
      return { reference_price: policy.referencePrice, segments: summarizeOffers(offers, policy), file }
    },
    'propensity:segments': async ({ rules }) => {
      const run = this.propensityRun('segments')
      return segmentActions(this.project.reader, run.run_id, rules)
    },
    'propensity:learner': async ({ learnerId }) => {
      const run = this.propensityRun()
      const { header, rows } = scoredLearners(this.project.reader, run.run_id, learnerId)
      return { header, row: rows[0] ?? null, why: learnerWhy(this.project.reader, run.run_id, learnerId) }
    },
    'propensity:bands': async ({ hot, warm, cold }) => {
      const run = this.propensityRun()
      const bands = bandsFrom({ hot, warm, cold })
      await this.project.lockWrite((db) => applyBands(db, run.run_id, bands))
      return {
        bands,
        segments: segmentActions(this.project.reader, run.run_id),
        run: this.propensityRun()
      }
    },
    'propensity:export': async ({ bom }) => {
      const run = this.propensityRun()
      const { header, rows } = scoredLearners(this.project.reader, run.run_id)
      return this.saveExport(
        `learner-scores-run${run.run_id}.csv`,
        csvDocument(header, rows, bom ?? false),
        rows.length
      )
    },
    ...pricingHandlers({
      project: () => this.project,
      predictors: this.predictors,
      saveExport: (name, csv, rows) => this.saveExport(name, csv, rows),
      saveExportWith: (name, write, rows) => {
        const path = exportPath(name)
        write(path)
        return { ...this.files.stageOwned(path, safeFileName(name)), rows }
      },
      propensityRun: (what) => this.propensityRun(what)
    }),
    ...experimentHandlers({
      project: () => this.project,
      predictors: this.predictors,
      files: this.files,
      saveExport: (name, csv, rows) => this.saveExport(name, csv, rows)
    }),
    ...transactionHandlers({
      project: () => this.project,
      jobs: this.jobs,
      files: this.files,
      exportPath
    }),
    ...customerHandlers({
      project: () => this.project,
      jobs: this.jobs,
      pool: () => this.pool,
      saveExport: (name, csv, rows) => this.saveExport(name, csv, rows)
    }),
    'pipeline:run': async ({ jobId, config, reportDir, force }) =>
      this.jobs.run(jobId, (job) =>
        runStudy(
          this,
          jobId,
          job,
          config,
          reportDir ?? defaultReportDir(this.project.path, scratchDir('reports')),
          force
        )
      ),
    'pipeline:runs': async () => listPipelineRuns(this.project.reader),
    'pipeline:report': async ({ runId }) => {
      const run = getRun(this.project.reader, runId)
      if (!run?.report_dir || !existsSync(join(run.report_dir, 'report.html')))
        throw new NotFoundError(
          `study run ${runId} has no report (it failed or was cancelled before the report stage)`
        )
      const dir = run.report_dir
      return {
        html: readFileSync(join(dir, 'report.html'), 'utf8'),
        dir,
        files: readdirSync(dir)
          .sort()
          .map((name) => ({ name, fileId: this.files.stagePath(join(dir, name), name).fileId }))
      }
    },
    'pipeline:pdf': async ({ runId, inFolder }) => {
      const run = getRun(this.project.reader, runId)
      const html = run?.report_dir ? join(run.report_dir, 'report.html') : null
      if (!run?.report_dir || !html || !existsSync(html))
        throw new NotFoundError(
          `study run ${runId} has no report (it failed or was cancelled before the report stage)`
        )
      const { printReportPdf } = await import('./report-pdf')
      const target = inFolder ? join(run.report_dir, 'report.pdf') : exportPath(`report-run${runId}.pdf`)
      await printReportPdf(html, target)
      const staged = inFolder
        ? this.files.stagePath(target, 'report.pdf')
        : this.files.stageOwned(target, 'report.pdf')
      return { ...staged, path: inFolder ? target : null }
    },
    'job:cancel': async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    'job:list': async () => ({ running: this.jobs.list(), finished: this.jobs.finished() })
  }
}

function exportPath(name: string): string {
  return join(scratchDir('exports'), `${randomUUID()}-${safeFileName(name)}`)
}

/** A name usable as a file name on every OS: no separators, no reserved characters. */
export function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'export'
}

export class NoProjectError extends DomainError {
  constructor() {
    super('no_project', 'no project is open: create or open a project first')
    this.name = 'NoProjectError'
  }
}
