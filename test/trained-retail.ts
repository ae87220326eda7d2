import { join } from 'node:path'
import { Backend } from '../src/backend/backend'
import { tempDir } from './helpers'

/** A new project with the retail sample (scale 1, this seed) and an OLS elasticity run on it, open in a CLI backend. */
export async function trainedRetailProject(seed: number): Promise<Backend> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
  await b.call('data:generate', { jobId: 'g', kind: 'retail', seed, scale: 1 })
  await b.call('elasticity:train', { jobId: 'e', dataset: 'retail_sample', models: ['ols'] })
  return b
}
