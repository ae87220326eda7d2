/** The latest learner-level propensity run, refused with a clear message when a call needs one and there is none. */
import { latestPropensityRun } from '../../core/propensity/registry'
import type { PropensityRun } from '../../shared/propensity/results'
import type { ProjectSession } from '../project'
import { NotFoundError } from '../project'
import { DomainError } from '../../shared/domain-error'

/** A run trained on data regenerated or replaced since is refused with the reason and the fix (train again). */
export function currentRun<T extends { stale?: string }>(run: T): T {
  if (run.stale) throw new DomainError('invalid_input', run.stale)
  return run
}

/** The latest propensity run, refused when stale; `enrollmentFor` names what needs its enrollment score. */
export function propensityRun(project: ProjectSession, enrollmentFor?: string): PropensityRun {
  const run = latestPropensityRun(project.reader)
  if (!run) throw new NotFoundError('no propensity run yet: train the propensity models first')
  if (enrollmentFor && !run.targets.some((t) => t.target === 'enrollment'))
    throw new NotFoundError(`${enrollmentFor} follow enrollment propensity: train the enrollment score first`)
  return currentRun(run)
}
