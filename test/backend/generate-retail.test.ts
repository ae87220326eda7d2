import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { studyConfigSchema } from '../../src/shared/api'
import { tempDir } from '../helpers'

describe('the retail sample through the backend', () => {
  it('generates by kind, and the dataset paths (elasticity, pricing) run on it with its truth', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(tempDir(), 'r.pricelab'), { create: true })
    const s = await b.call('data:generate', { jobId: 'g', seed: 4, scale: 0.1, kind: 'retail' })
    expect(s).toMatchObject({ kind: 'retail', dataset: 'retail_sample', seed: 4 })
    expect((await b.call('data:datasets', {})).map((d) => d.name)).toEqual(['retail_sample'])
    const bad = await b.dispatch('data:generate', { jobId: 'g2', seed: 4, scale: 0.1, kind: 'grocery' })
    expect(bad.ok).toBe(false)

    const run = await b.call('elasticity:train', { jobId: 'e', dataset: 'retail_sample', models: ['ols'] })
    expect(run.segments.map((r) => r.segment)).toHaveLength(7)
    for (const r of run.segments) expect(r.true).not.toBeNull()
    const priced = await b.call('pricing:optimize', { model: 'ols' })
    expect(priced.rows).toHaveLength(8 * 7)
    b.close()
  })

  it("takes the sample's kind in a study config (default edtech)", () => {
    expect(studyConfigSchema.parse({ generate: {} }).generate).toEqual({ seed: 42, scale: 1, kind: 'edtech' })
    expect(studyConfigSchema.parse({ generate: { kind: 'retail' } }).generate?.kind).toBe('retail')
    expect(studyConfigSchema.safeParse({ generate: { kind: 'grocery' } }).success).toBe(false)
  })
})
