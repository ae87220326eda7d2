/** What a handler is given instead of the Backend: the open project, jobs, files, workers and caches. */
import type { z } from 'zod'
import type { Api, ApiEvent, ApiName, ApiResult, AppInfo } from '../shared/api'
import type { ApiErrorBody } from '../shared/errors'
import type { WorkbookParser } from '../core/data/import/records'
import type { FileRegistry } from './files'
import type { JobRegistry } from './jobs'
import type { ProjectSession } from './project'
import type { TableReads } from './table-reads'
import type { TrainingPool } from './training-pool'
import type { PredictorCache } from './elasticity/predictor-cache'

export interface HandlerContext {
  /** Which app this is (desktop, browser, CLI) and its version. */
  readonly app: { mode: AppInfo['mode']; version: string }
  /** The open project; throws NoProjectError when none is. */
  project(): ProjectSession
  /** The open project, or null. */
  session(): ProjectSession | null
  /** Opens (or creates) a project, closing the one open before. */
  openProject(path: string, opts: { create: boolean }): ProjectSession
  readonly jobs: JobRegistry
  readonly files: FileRegistry
  readonly pool: TrainingPool
  /** Table reads off the event loop. */
  readonly reads: TableReads
  /** The workbook-parsing worker. */
  readonly workbook: WorkbookParser
  /** Panels and restored models of saved runs, kept warm for prediction calls. */
  readonly predictors: PredictorCache
  /**
   * Makes the dataset's base pricing digest unless it is cached (on a training worker), so that the first
   * optimize reads it instead of every row; resolves when done, never rejects (a failure is logged).
   */
  prepareDigest(dataset: string): Promise<void>
  /** Starts the training workers ahead of a run where the shell asked for it (see BackendOptions). */
  warmTraining(): void
  /** Listens to job events; returns the unsubscribe. */
  onEvent(listener: (e: ApiEvent) => void): () => void
  /** The error body a transport would answer with for this error. */
  errorBody(e: unknown): ApiErrorBody
}

/** The parsed input of a call (its schema's output: defaults applied). */
export type CallInput<K extends ApiName> = z.output<Api[K]['input']>

/** One call's handler: the input is already parsed with the call's schema; it calls the core and returns. */
export type Handler<K extends ApiName> = (args: CallInput<K>, ctx: HandlerContext) => Promise<ApiResult<K>>

/** A handler map covering exactly the calls `K`. */
export type HandlerMap<K extends ApiName> = { [N in K]: Handler<N> }
