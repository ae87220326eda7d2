/** The study pipeline calls' results match their output schemas (src/shared/study/results.ts) on both samples. */
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import type { ApiArgs } from '../../src/shared/api'
import { tempDir } from '../helpers'
import { expectOutputConforms, expectRefused } from './call-output'

const study = (dataset: string | null): ApiArgs<'pipeline:run'>['config'] => ({
  name: 'Small study',
  elasticity: { dataset, models: ['ols'] },
  propensity: dataset ? null : { targets: ['enrollment'] },
  experiment: { mde: 0.3 }
})

describe('study results match the contract', () => {
  for (const kind of ['edtech', 'retail'] as const)
    it(`on the ${kind} sample`, async () => {
      const dir = tempDir()
      const b = new Backend({ mode: 'cli', version: 'test' })
      b.openProject(join(dir, `${kind}.pricelab`), { create: true })
      await b.call('data:generate', { jobId: 'g', seed: 3, scale: 0.1, kind })
      const config = study(kind === 'retail' ? 'retail_sample' : null)
      const run = await b.call('pipeline:run', { jobId: 'r', config, reportDir: join(dir, 'report') })
      expect(run.error).toBeNull()
      expectOutputConforms('pipeline:run', run)
      expectRefused('pipeline:run', { ...run, stages: [{ ...run.stages[0], stage: 'training' }] })
      expectOutputConforms('pipeline:runs', await b.call('pipeline:runs', {}))
      expectOutputConforms('pipeline:report', await b.call('pipeline:report', { runId: run.run_id }))
      b.close()
    }, 120_000)
})
