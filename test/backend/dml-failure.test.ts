// A failed debiased estimate is reported under its own name, not as a model's failure.
import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { TrainingPool } from '../../src/backend/training-pool'
import { tempDir } from '../helpers'

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

describe('a DML failure', () => {
  it('is recorded as dml, and the models that trained are not reported failed', async () => {
    const pool = new TrainingPool({ workerFile: join(__dirname, 'fixtures/dml-fails.worker.ts') })
    const b = new Backend({ mode: 'cli', version: 'test', pool })
    backends.push(b)
    b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'gen', seed: 3, scale: 0.1 })
    const r = await b.call('elasticity:train', { jobId: 'el', seed: 1, models: ['ols', 'gbm'] })
    expect(r.models.map((m) => m.name).sort()).toEqual(['gbm', 'ols'])
    // The failing fold is named: DML, the fold and the repeat (issue 33: the folds run as tasks of their own).
    const error = 'debiased estimate: DML fold 2 of 3, repeat 2 of 3: planted failure in dml'
    expect(r.failed).toEqual([{ name: 'dml', error }])
    expect(r.warnings.join(' ')).toContain(`dml failed: ${error}`)
  }, 120_000)
})
