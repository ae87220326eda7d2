/** An import's progress, its issue limit and the dataset-name clash; the plan and result types are the contract's (src/shared/data). */
import { DomainError } from '../../../shared/domain-error'
export interface ImportProgress {
  bytes: number
  totalBytes?: number
  rows: number
}

/** Most issues an import collects before it stops reading: enough to fix a file in one pass. */
export const MAX_ISSUES = 50

/** The dataset name is taken and the plan does not say "replace": a form error on the name, not a file problem. */
export class DatasetExistsError extends DomainError {
  constructor(readonly dataset: string) {
    super('dataset_exists', `a dataset named "${dataset}" already exists: choose another name, or replace it`)
    this.name = 'DatasetExistsError'
  }
}
