/** The study pipeline's contract: its stages and its result types, for the core, the CLI and the UI (the renderer never imports src/core). */

/** The pipeline's stages, in the order they run. */
export const STAGES = [
  'data',
  'features',
  'elasticity',
  'propensity',
  'pricing',
  'experiment',
  'report'
] as const
export type Stage = (typeof STAGES)[number]

export type { StudyConfig } from './calls'
export type { PipelineRun, PipelineReport, ReportPdf, RunMetrics, StageRecord } from './results'
