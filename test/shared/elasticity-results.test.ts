import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { z } from 'zod'
import { Backend } from '../../src/backend/backend'
import { api } from '../../src/shared/api'
import { tempDir } from '../helpers'

/**
 * The elasticity calls' output schemas describe what the backend really returns: every read call's
 * result parses, and parsing keeps every field (z.object drops keys it does not know, so a field
 * missing from a schema makes the parsed value differ). EdTech with DML on; retail with cross-price terms.
 */
const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

async function project(kind: 'edtech' | 'retail'): Promise<Backend> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  backends.push(b)
  b.openProject(join(tempDir(), `${kind}.pricelab`), { create: true })
  await b.call('data:generate', { jobId: 'g', kind, seed: 5, scale: 0.1 })
  return b
}

/** Parses with the call's output schema and checks nothing was dropped or changed. */
function parsesWhole(schema: z.ZodType, value: unknown) {
  expect(schema.parse(value)).toEqual(value)
}

describe('elasticity results parse with the contract’s output schemas', () => {
  it('EdTech: train (OLS + GBM, DML on), run, runs, sources, predict, export', async () => {
    const b = await project('edtech')
    const sources = await b.call('elasticity:sources', {})
    parsesWhole(api['elasticity:sources'].output, sources)
    const report = await b.call('elasticity:train', { jobId: 'e', models: ['ols', 'gbm'], dml: 'on' })
    parsesWhole(api['elasticity:train'].output, report)
    expect(report.dml?.ran).toBe(true)
    expect(report.item_elasticities?.length).toBeGreaterThan(0)
    expect(report.segments.some((s) => s.debiased !== null)).toBe(true)
    // The saved run, read back from the project (JSON round trip).
    const saved = await b.call('elasticity:run', {})
    parsesWhole(api['elasticity:run'].output, saved)
    expect(saved?.run_id).toBe(report.run_id)
    parsesWhole(api['elasticity:runs'].output, await b.call('elasticity:runs', {}))
    const item = report.item_elasticities?.[0]?.item ?? '1'
    const predicted = await b.call('elasticity:predict', { items: [{ item, price: 50 }] })
    parsesWhole(api['elasticity:predict'].output, predicted)
    const file = await b.call('elasticity:export', { runId: report.run_id as number, table: 'models' })
    parsesWhole(api['elasticity:export'].output, file)

    // A mistyped field fails the parse (the schemas check, they do not just pass values through).
    const broken = { ...report, models: [{ ...report.models[0], test_r2: 'high' }] }
    expect(api['elasticity:train'].output.safeParse(broken).success).toBe(false)
    const noPlan = { ...report, plan: { ...report.plan, withinItems: 'yes' } }
    expect(api['elasticity:train'].output.safeParse(noPlan).success).toBe(false)
  }, 120_000)

  it('retail: a run with cross-price effects parses, trained and saved', async () => {
    const b = await project('retail')
    const report = await b.call('elasticity:train', { jobId: 'e', dataset: 'retail_sample', models: ['ols'] })
    parsesWhole(api['elasticity:train'].output, report)
    expect(report.cross.length).toBeGreaterThan(0)
    expect(report.cross_own.length).toBeGreaterThan(0)
    parsesWhole(api['elasticity:run'].output, await b.call('elasticity:run', {}))
    parsesWhole(api['elasticity:runs'].output, await b.call('elasticity:runs', {}))
    parsesWhole(api['elasticity:sources'].output, await b.call('elasticity:sources', {}))
  }, 120_000)

  it('no run yet: elasticity:run is null, which the schema accepts', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    backends.push(b)
    b.openProject(join(tempDir(), 'empty.pricelab'), { create: true })
    parsesWhole(api['elasticity:run'].output, await b.call('elasticity:run', {}))
  })
})
