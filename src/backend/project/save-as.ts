import { CancelledError } from '../../core/data/csv/errors'
import type { JobRegistry } from '../jobs'
import { fileSize, type ProjectSession } from '../project'
import type { TrainingPool } from '../training-pool'

/**
 * "Save as" with the copy made in a worker thread, so a multi-gigabyte project does
 * not freeze every other call. With a job id it reports progress (the copy's size
 * against the project's) and can be cancelled; the destination then never appears.
 */
export async function saveProjectAs(
  project: ProjectSession,
  path: string,
  pool: TrainingPool,
  jobs: JobRegistry,
  jobId: string | undefined
): Promise<string> {
  if (!jobId) return project.saveCopy(path, (tmp) => pool.run((api) => api.copyProject(project.path, tmp)))
  jobs.name(jobId, `the copy of ${project.name}`)
  return jobs.run(jobId, (job) => {
    const total = Math.max(1, fileSize(project.path) + fileSize(`${project.path}-wal`))
    let tmpPath = ''
    job.progress(0, 'Copying the project…')
    const poll = setInterval(() => {
      if (tmpPath) job.progress(Math.min(99, (fileSize(tmpPath) / total) * 100), 'Copying the project…')
    }, 100)
    return project
      .saveCopy(path, (tmp) => {
        tmpPath = tmp
        return pool
          .run((api) => api.copyProject(project.path, tmp), job.signal)
          .catch((e: unknown) => {
            throw e instanceof CancelledError || job.signal.aborted ? new CancelledError('save as') : e
          })
      })
      .finally(() => clearInterval(poll))
  })
}
