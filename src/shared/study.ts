/** The study pipeline's result types for the UI (the renderer never imports src/core). */

export type { PipelineRun } from '../core/pipeline/study'
