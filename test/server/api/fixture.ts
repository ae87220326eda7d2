import { join } from 'node:path'
import { Backend } from '../../../src/backend/backend'
import { customersToCsv, generateCustomers } from '../../../src/core/propensity/customers/generate'
import { cli, tempDir, writeFile } from '../../helpers'

/**
 * A small EdTech project with everything the API serves: a price sheet (OLS, causal demand),
 * learner propensity scores, and a scored customer table ("telco", id column customer_id).
 */
export async function edtechProject(seed = 7): Promise<string> {
  const dir = tempDir()
  const path = join(dir, 'edtech.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  try {
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'g', seed, scale: 0.25 })
    await b.call('elasticity:train', { jobId: 'e', models: ['ols'] })
    await b.call('pricing:optimize', { model: 'ols' })
    await b.call('propensity:train', { jobId: 'p', targets: ['enrollment', 'churn'] })
  } finally {
    b.close()
  }
  const csv = writeFile(dir, 'customers.csv', customersToCsv(generateCustomers(600, seed)))
  if ((await cli('import', '--db', path, '--dataset', 'telco', csv)).code !== 0)
    throw new Error('import failed')
  const r = await cli(
    'propensity',
    '--db',
    path,
    '--dataset',
    'telco',
    '--label',
    'churn',
    '--id',
    'customer_id'
  )
  if (r.code !== 0) throw new Error(r.err)
  return path
}

/** The retail sample (store × brand items priced in dollars) with a price sheet on the causal curve. */
export async function retailProject(seed = 3, scale = 0.25): Promise<string> {
  const path = join(tempDir(), 'retail.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  try {
    b.openProject(path, { create: true })
    await b.call('data:generate', { jobId: 'g', seed, scale, kind: 'retail' })
    await b.call('elasticity:train', { jobId: 'e', dataset: 'retail_sample', models: ['ols'] })
    await b.call('pricing:optimize', { model: 'ols' })
  } finally {
    b.close()
  }
  return path
}
