import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'

export const EDTECH = 'sample:course_price_history'
export const RETAIL = 'retail_sample'

/**
 * A new project holding both samples, small (the EdTech sample at scale 0.2, the retail panel at 0.1),
 * and its backend still open for the runs a test wants before the app opens it (close it then).
 */
export async function twoSampleProject(name: string): Promise<{ project: string; backend: Backend }> {
  const project = join(mkdtempSync(join(tmpdir(), `pricelab-e2e-${name}-`)), `${name}.pricelab`)
  const backend = new Backend({ mode: 'cli', version: 'test' })
  backend.openProject(project, { create: true })
  await backend.call('data:generate', { jobId: 'g1', kind: 'edtech', seed: 42, scale: 0.2 })
  await backend.call('data:generate', { jobId: 'g2', kind: 'retail', seed: 1, scale: 0.1 })
  return { project, backend }
}
