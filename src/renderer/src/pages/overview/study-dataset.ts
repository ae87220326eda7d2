import type { PipelineRun } from '../../../../core/pipeline/study'
import type { RunSummary } from '../../../../core/elasticity/registry'

/** core/elasticity/panel's SAMPLE_DATASET: a study configured with no dataset trained on the EdTech sample. */
const EDTECH_SAMPLE = 'sample:course_price_history'

/**
 * The dataset a study run was about: the dataset of the elasticity run it produced, else the dataset of its
 * configuration (a run that failed before training), where none named means the EdTech sample.
 */
export function studyDataset(run: PipelineRun, elasticityRuns: RunSummary[]): string {
  const trained = elasticityRuns.find((e) => e.run_id === run.metrics.versions?.elasticity_run)
  if (trained) return trained.dataset
  const config = run.config as { elasticity?: { dataset?: string | null } | null } | null
  return config?.elasticity?.dataset ?? EDTECH_SAMPLE
}
