/** The study pipeline's contract: its stages and its result types, for the core, the CLI and the UI (the renderer never imports src/core). */

export * from './lists'

export type { StudyConfig } from './calls'
export type { PipelineRun, PipelineReport, ReportPdf, RunMetrics, StageRecord } from './results'
