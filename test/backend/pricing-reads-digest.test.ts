import { describe, expect, it } from 'vitest'
import { PredictorCache } from '../../src/backend/elasticity/predictor-cache'
import { pricingModel } from '../../src/backend/pricing/service'
import type { HandlerContext } from '../../src/backend/context'
import type { ElasticityReport } from '../../src/shared/elasticity/results'
import type { PricingDigest } from '../../src/core/pricing/digest'
import type { Panel } from '../../src/core/elasticity/panel'

/** A cache over counted sources: how often pricing reads the whole panel, and how often its digest. */
function counted(version: () => string = () => 'v1') {
  const calls = { panel: 0, digest: 0 }
  const run = { run_id: 1, dataset: 'sales', best_model: null, models: [] } as unknown as ElasticityReport
  const predictors = new PredictorCache({
    version,
    loadRun: () => run,
    loadPanel: async () => {
      calls.panel++
      return {} as Panel
    },
    loadDigest: async (_run, itemBy) => {
      calls.digest++
      return { itemBy: itemBy ?? 'item' } as PricingDigest
    },
    loadModel: () => null
  })
  return { calls, ctx: { predictors } as unknown as HandlerContext }
}

describe('pricing reads the per-item digest, never the whole panel', () => {
  it('prices on the digest the worker made, kept per run and item rule until the project changes', async () => {
    let v = 'v1'
    const { calls, ctx } = counted(() => v)
    const m = await pricingModel(ctx, null, null)
    expect(m.digest).toBeDefined()
    expect(m.panel).toBeUndefined()
    await pricingModel(ctx, null, 'recent_level')
    expect(calls).toEqual({ panel: 0, digest: 1 })
    await pricingModel(ctx, null, null, ['store'])
    expect(calls).toEqual({ panel: 0, digest: 2 })
    v = 'v2'
    await pricingModel(ctx, null, null)
    expect(calls).toEqual({ panel: 0, digest: 3 })
  })

  it('refuses a model the run does not have before any data is read', async () => {
    const { calls, ctx } = counted()
    await expect(pricingModel(ctx, null, 'gbm')).rejects.toThrow('has no gbm model')
    expect(calls).toEqual({ panel: 0, digest: 0 })
  })
})
