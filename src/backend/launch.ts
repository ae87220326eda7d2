import { join } from 'node:path'
import { Backend, type BackendOptions } from './backend'
import { projectsDir, scratchDir, PROJECT_EXTENSION } from './paths'
import { purgeStaleScratch } from './files'
import pkg from '../../package.json'

export const VERSION: string = pkg.version

export function defaultProjectPath(): string {
  return join(projectsDir(), `Sample${PROJECT_EXTENSION}`)
}

/**
 * What every app shell does at start: a backend with a project open, by default
 * the sample project, generated on first start so there is data to explore at once.
 */
export async function launchBackend(mode: BackendOptions['mode'], projectPath?: string): Promise<Backend> {
  purgeStaleScratch([scratchDir('uploads'), scratchDir('exports')])
  const backend = new Backend({ mode, version: VERSION, prestartTraining: true })
  await backend.ensureProject(projectPath ?? defaultProjectPath(), {
    sample: !projectPath || projectPath === defaultProjectPath()
  })
  return backend
}
