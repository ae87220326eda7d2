import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { z } from 'zod'
import { Backend } from '../../src/backend/backend'
import { api } from '../../src/shared/api'
import { customersToCsv, generateCustomers } from '../../src/core/propensity/customers/generate'
import { cli, tempDir, writeFile } from '../helpers'

/**
 * The propensity calls' output schemas describe what the backend really returns: every call's
 * result parses, and parsing keeps every field (z.object drops keys it does not know, so a field
 * missing from a schema makes the parsed value differ). Learner targets on EdTech; a customer table.
 */
const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

function backend(path: string, create: boolean): Backend {
  const b = new Backend({ mode: 'cli', version: 'test' })
  backends.push(b)
  b.openProject(path, { create })
  return b
}

/** Parses with the call's output schema and checks nothing was dropped or changed. */
function parsesWhole(schema: z.ZodType, value: unknown) {
  expect(schema.parse(value)).toEqual(value)
}

describe('propensity results parse with the contract’s output schemas', () => {
  it('EdTech learners: train, run, threshold, offers, segments, learner, bands, export', async () => {
    const b = backend(join(tempDir(), 'p.pricelab'), true)
    parsesWhole(api['propensity:run'].output, await b.call('propensity:run', {}))
    await b.call('data:generate', { jobId: 'g', seed: 6, scale: 0.1 })
    const run = await b.call('propensity:train', { jobId: 'p', targets: ['enrollment', 'churn'] })
    parsesWhole(api['propensity:train'].output, run)
    expect(run.churn_sensitivity).not.toBeNull()
    parsesWhole(api['propensity:run'].output, await b.call('propensity:run', {}))
    parsesWhole(
      api['propensity:threshold'].output,
      await b.call('propensity:threshold', { target: 'churn', offerCost: 5, retainedValue: 60 })
    )
    const offers = await b.call('propensity:offers', { export: true })
    expect(offers.file).not.toBeNull()
    parsesWhole(api['propensity:offers'].output, offers)
    parsesWhole(api['propensity:segments'].output, await b.call('propensity:segments', {}))
    const learner = await b.call('propensity:learner', { learnerId: 7 })
    expect(learner.row).not.toBeNull()
    parsesWhole(api['propensity:learner'].output, learner)
    parsesWhole(
      api['propensity:bands'].output,
      await b.call('propensity:bands', { hot: 0.6, warm: 0.4, cold: 0.2 })
    )
    parsesWhole(api['propensity:export'].output, await b.call('propensity:export', {}))

    // A mistyped field fails the parse (the schemas check, they do not just pass values through).
    const broken = { ...run, targets: [{ ...run.targets[0], best_model: 'svm' }] }
    expect(api['propensity:train'].output.safeParse(broken).success).toBe(false)
  }, 120_000)

  it('a customer table: train, latest run, export, one customer', async () => {
    const dir = tempDir()
    const path = join(dir, 'c.pricelab')
    const csv = writeFile(dir, 'customers.csv', customersToCsv(generateCustomers(600, 21)))
    expect((await cli('import', '--db', path, '--dataset', 'telco', csv)).code).toBe(0)
    const b = backend(path, false)
    const spec = { dataset: 'telco', label: 'churn' }
    parsesWhole(api['propensity:customerRun'].output, await b.call('propensity:customerRun', spec))
    const run = await b.call('propensity:trainCustomers', { jobId: 'c', ...spec, id: 'customer_id' })
    parsesWhole(api['propensity:trainCustomers'].output, run)
    parsesWhole(api['propensity:customerRun'].output, await b.call('propensity:customerRun', spec))
    parsesWhole(api['propensity:exportCustomers'].output, await b.call('propensity:exportCustomers', spec))
    const one = await b.call('propensity:customer', { ...spec, id: 'C0000001' })
    expect(one.row).not.toBeNull()
    parsesWhole(api['propensity:customer'].output, one)

    const broken = { ...run, targets: [{ ...run.targets[0], calibration_method: 'spline' }] }
    expect(api['propensity:trainCustomers'].output.safeParse(broken).success).toBe(false)
  }, 120_000)
})
