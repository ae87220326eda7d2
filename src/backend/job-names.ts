import type { ApiName } from '../shared/api'
import type { JobRegistry } from './jobs'
import type { FileRegistry } from './files'

/** What each long call is, in the words a message to the user needs ("… while the import of sales.csv is running"). */
export function nameJob(
  jobs: JobRegistry,
  name: ApiName,
  args: unknown,
  fileName: (fileId: string) => string
): void {
  const a = args as {
    jobId?: unknown
    fileId?: unknown
    dataset?: unknown
    config?: { name?: unknown; elasticity?: { dataset?: unknown } }
  }
  if (typeof a?.jobId !== 'string') return
  let label: string
  switch (name) {
    case 'import:run':
    case 'import:transactions': {
      let file = 'a file'
      try {
        file = typeof a.fileId === 'string' ? fileName(a.fileId) : file
      } catch {
        // An unknown file id fails in the handler with its own message.
      }
      label = `the import of ${file}`
      break
    }
    case 'data:generate':
      label = 'the sample data generation'
      break
    case 'elasticity:train':
      label = 'the elasticity training'
      break
    case 'propensity:train':
      label = 'the propensity training'
      break
    case 'pipeline:run':
      label = `the study run "${String(a.config?.name ?? 'study')}"`
      break
    default:
      label = `${name} (job ${a.jobId})`
  }
  const dataset = a.dataset ?? a.config?.elasticity?.dataset
  jobs.name(a.jobId, label, name, typeof dataset === 'string' ? dataset : null)
}

/** Clean-up after a successful call: an imported upload has served its purpose and is deleted. */
export function afterCall(files: FileRegistry, name: ApiName, args: unknown): void {
  const a = args as { fileId?: unknown }
  if ((name === 'import:run' || name === 'import:transactions') && typeof a.fileId === 'string')
    files.release(a.fileId)
}
