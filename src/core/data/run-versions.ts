/**
 * Runs remember the version of the data they were trained on: the sample's (+1 per regeneration) or an
 * imported dataset's (+1 per `import --replace`). One rule and one wording for every kind of run
 * (elasticity, learner propensity, customer propensity): a run on an older version is stale.
 */
import type { Db } from '../db/port'
import { sampleVersion } from './sample/write'
import { datasetToReplace } from './datasets'

/** What a run was trained on: the generated sample, or an imported dataset by name. */
export interface RunData {
  sample: boolean
  dataset: string
}

/** The version of a run's data now in the project, or null when it is gone. */
export function dataVersionNow(db: Db, data: RunData): number | null {
  if (data.sample) {
    const v = sampleVersion(db)
    return v === 0 ? null : v
  }
  // Read even when the dataset's record is damaged: a list of runs must not break on it.
  return datasetToReplace(db, data.dataset)?.version ?? null
}

/**
 * Why a run no longer describes its data (regenerated, or replaced by a new import), or null.
 * `kind` names the run and the fix ("elasticity": "train the elasticity again").
 */
export function staleRunReason(
  db: Db,
  kind: 'elasticity' | 'propensity',
  run: RunData & { run_id: number | null; dataset_version: number }
): string | null {
  const now = dataVersionNow(db, run)
  if (now === run.dataset_version) return null
  const data = run.sample ? 'the sample data' : `dataset "${run.dataset}"`
  return now === null
    ? `${kind} run ${run.run_id} was trained on ${data}, which is no longer in the project: train the ${kind} again on the data there is`
    : `${kind} run ${run.run_id} was trained on version ${run.dataset_version} of ${data}, which has since been ${run.sample ? 'regenerated' : 'replaced'} (now version ${now}): train the ${kind} again`
}
