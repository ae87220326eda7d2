import { describe, expect, it } from 'vitest'
import { trainElasticity } from '../../src/backend/elasticity/handlers'
import type { HandlerContext } from '../../src/backend/context'

/**
 * The context a refused training run sees: the job fails at once, the dataset's digest is still being made (a
 * promise the test settles). Only what trainElasticity touches before the job is there.
 */
function refusedRun(mode: 'cli' | 'browser') {
  let settle: () => void = () => undefined
  const digest = new Promise<void>((resolve) => (settle = resolve))
  const ctx = {
    app: { mode, version: 'test' },
    project: () => ({ path: '/nowhere.pricelab', reader: null, lockWrite: () => undefined }),
    prepareDigest: () => digest,
    jobs: { run: () => Promise.reject(new Error('every quantity is 7')) },
    pool: null
  } as unknown as HandlerContext
  return { ctx, settle }
}

describe('a refused training run and the digest made beside it', () => {
  it('in the CLI, reports the refusal only once the digest under way has settled (the project may go next)', async () => {
    const { ctx, settle } = refusedRun('cli')
    let outcome: string | null = null
    const call = trainElasticity({ jobId: 'j', dataset: 'csv' }, ctx).catch((e: Error) => {
      outcome = e.message
    })
    // Every turn that can run has run: the refusal still waits for the digest.
    await new Promise((resolve) => setImmediate(resolve))
    expect(outcome).toBeNull()
    settle()
    await call
    expect(outcome).toBe('every quantity is 7')
  })

  it('in the app, reports it at once (the digest finishes in the background)', async () => {
    const { ctx } = refusedRun('browser')
    await expect(trainElasticity({ jobId: 'j', dataset: 'csv' }, ctx)).rejects.toThrow('every quantity is 7')
  })
})
