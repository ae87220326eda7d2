/** The pricing calls' results match their output schemas (src/shared/pricing/results.ts) on both samples. */
import { describe, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import type { SampleKind } from '../../src/shared/data'
import { tempDir } from '../helpers'
import { expectOutputConforms, expectRefused } from './call-output'

async function pricedProject(kind: SampleKind): Promise<Backend> {
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(tempDir(), `${kind}.pricelab`), { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 5, scale: kind === 'retail' ? 0.1 : 0.2, kind })
  const dataset = kind === 'retail' ? 'retail_sample' : undefined
  await b.call('elasticity:train', { jobId: 'e', models: ['ols'], ...(dataset ? { dataset } : {}) })
  return b
}

describe('pricing results match the contract', () => {
  for (const kind of ['edtech', 'retail'] as const)
    it(`on the ${kind} sample`, async () => {
      const b = await pricedProject(kind)
      const settings = await b.call('pricing:settings', {})
      expectOutputConforms('pricing:settings', settings)
      expectOutputConforms('pricing:saveSettings', await b.call('pricing:saveSettings', { settings }))

      const run = await b.call('pricing:optimize', { model: 'ols' })
      expectOutputConforms('pricing:optimize', run)
      expectOutputConforms('pricing:run', await b.call('pricing:run', {}))
      expectRefused('pricing:optimize', { ...run, rows: [{ ...run.rows[0], current_price: '12' }] })
      expectRefused('pricing:optimize', { ...run, portfolio: { ...run.portfolio, uplift_pct: undefined } })

      const scenario = {
        name: 'up five',
        kind: 'changes' as const,
        changes: [{ scope: 'all' as const, key: null, change_pct: 5 }],
        model: 'ols' as const,
        market_growth_pct: 0,
        competitor_move_pct: 0,
        cross_elasticity: 0,
        notes: ''
      }
      expectOutputConforms('pricing:saveScenario', await b.call('pricing:saveScenario', { scenario }))
      expectOutputConforms('pricing:scenarios', await b.call('pricing:scenarios', {}))
      const compared = await b.call('pricing:compare', { names: ['up five'], items: true })
      expectOutputConforms('pricing:compare', compared)
      expectRefused('pricing:compare', [{ ...compared[0], kind: 'guess' }])
      expectOutputConforms(
        'pricing:compare',
        await b.call('pricing:compare', {
          scenarios: [{ ...scenario, name: 'optimized', kind: 'optimized' }]
        })
      )
      expectOutputConforms(
        'pricing:deleteScenario',
        await b.call('pricing:deleteScenario', { name: 'up five' })
      )

      const items = run.rows.slice(0, 2).map((r) => r.item_id)
      expectOutputConforms('pricing:bundle', await b.call('pricing:bundle', { items, discount: 0.1 }))
      b.close()
    }, 120_000)
})
