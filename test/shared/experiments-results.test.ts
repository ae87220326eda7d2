/** The experiments calls' results match their output schemas (src/shared/experiments/results.ts) on both samples. */
import { describe, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../../src/shared/experiments'
import { Rng } from '../../src/core/util/rng'
import { tempDir } from '../helpers'
import { expectOutputConforms, expectRefused } from './call-output'

/** A results file for a saved plan: every planned unit with exposures, conversions and revenue. */
async function stagedResults(b: Backend, name: string): Promise<string> {
  const files = await b.call('experiments:export', { name })
  const plan = readFileSync(b.files.get(files.plan.fileId).path, 'utf8').trimEnd().split('\r\n')
  const rng = new Rng(4)
  const lines = ['unit,arm,exposures,conversions,revenue']
  for (const row of plan.slice(1)) {
    const [unit, arm, , , current, assigned] = row.split(',')
    const price = Number(assigned || current || 10)
    const exposures = 100 + rng.int(100)
    let conv = 0
    for (let e = 0; e < exposures; e++) if (rng.bernoulli(arm === 'control' ? 0.1 : 0.11)) conv++
    lines.push(`${unit},${arm},${exposures},${conv},${conv * price}`)
  }
  const path = join(tempDir(), `${name}-results.csv`)
  writeFileSync(path, lines.join('\n') + '\n')
  return (await b.call('file:stagePath', { path })).fileId
}

async function checkDesign(b: Backend, design: ExperimentDesign): Promise<void> {
  const preview = await b.call('experiments:design', { design })
  expectOutputConforms('experiments:design', preview)
  expectRefused('experiments:design', { ...preview, balance: [{ ...preview.balance[0], smd: 'small' }] })
  expectOutputConforms(
    'experiments:save',
    await b.call('experiments:save', { design, acceptUnderpowered: true })
  )
  expectOutputConforms('experiments:list', await b.call('experiments:list', {}))
  expectOutputConforms('experiments:get', await b.call('experiments:get', { name: design.name }))
  const fileId = await stagedResults(b, design.name)
  const analysis = await b.call('experiments:analyze', { fileId, experiment: design.name, sequential: true })
  expectOutputConforms('experiments:analyze', analysis)
  expectRefused('experiments:analyze', { ...analysis, srm: { ...analysis.srm, mismatch: 'no' } })
  expectOutputConforms('experiments:get', await b.call('experiments:get', { name: design.name }))
}

describe('experiments results match the contract', () => {
  it('on the edtech sample: courses (a fixed change and the optimized prices) and learners', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(tempDir(), 'x.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 8, scale: 0.2 })
    await checkDesign(b, { ...DEFAULT_DESIGN, name: 'minus-ten', mde: 0.25, start_date: '2026-01-05' })
    await b.call('elasticity:train', { jobId: 'e', models: ['ols'] })
    await b.call('pricing:optimize', { model: 'ols' })
    await checkDesign(b, {
      ...DEFAULT_DESIGN,
      name: 'optimized',
      mde: 0.25,
      arms: [DEFAULT_DESIGN.arms[0], { name: 'treatment', change: { kind: 'optimized' }, weight: 1 }]
    })
    await checkDesign(b, {
      ...DEFAULT_DESIGN,
      name: 'learners',
      units: 'learners',
      metric: 'conversion',
      stratify: 'none',
      mde: 0.5
    })
    b.close()
  }, 120_000)

  it('on the retail sample: items of the dataset', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(tempDir(), 'r.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 4, scale: 0.1, kind: 'retail' })
    await checkDesign(b, {
      ...DEFAULT_DESIGN,
      name: 'retail-items',
      units: 'items',
      dataset: 'retail_sample',
      stratify: 'none',
      mde: 0.5
    })
    b.close()
  }, 120_000)
})
