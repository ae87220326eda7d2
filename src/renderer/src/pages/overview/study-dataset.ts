import type { PipelineRun } from '../../../../shared/study'
import type { RunSummary } from '../../../../shared/elasticity/results'
import { EDTECH_SAMPLE } from '../../data/DatasetContext'

/**
 * The dataset a study run was about: the dataset of the elasticity run it produced, else the dataset of its
 * configuration (a run that failed before training); a failed run naming none is taken as the EdTech
 * sample's (studies from before a dataset could be chosen were all on it).
 */
export function studyDataset(run: PipelineRun, elasticityRuns: RunSummary[]): string {
  const trained = elasticityRuns.find((e) => e.run_id === run.metrics.versions?.elasticity_run)
  if (trained) return trained.dataset
  const config = run.config as { elasticity?: { dataset?: string | null } | null } | null
  return config?.elasticity?.dataset ?? EDTECH_SAMPLE
}
