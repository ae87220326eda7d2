import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { nextEvent, tempDir } from '../helpers'

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

describe('job:list (issue 16: a page re-attaches to its running job)', () => {
  it('lists a running training with its kind, dataset and progress, then how it ended', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    backends.push(b)
    b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
    await b.call('data:generate', { jobId: 'gen', seed: 3, scale: 0.1, kind: 'retail' })
    expect((await b.call('job:list', {})).running).toEqual([])
    // Listed once it has reported progress (waited on as an event, not polled with sleeps).
    const moved = nextEvent(
      (l) => b.onEvent(l),
      (e) => e.jobId === 'el' && e.percent > 0
    )
    const p = b.dispatch('elasticity:train', { jobId: 'el', seed: 1, dataset: 'retail_sample' })
    await moved
    const running = (await b.call('job:list', {})).running
    expect(running).toHaveLength(1)
    expect(running[0]).toMatchObject({
      jobId: 'el',
      kind: 'elasticity:train',
      dataset: 'retail_sample',
      label: 'the elasticity training'
    })
    expect(running[0].percent).toBeGreaterThan(0)
    expect(running[0].message).not.toBe('')
    await b.call('job:cancel', { jobId: 'el' })
    await p
    const after = await b.call('job:list', {})
    expect(after.running).toEqual([])
    expect(after.finished.find((f) => f.jobId === 'el')).toMatchObject({
      kind: 'elasticity:train',
      status: 'cancelled'
    })
    expect(after.finished.find((f) => f.jobId === 'gen')).toMatchObject({
      kind: 'data:generate',
      status: 'done'
    })
  }, 60_000)

  it('a failed job is "failed", not "cancelled"', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    backends.push(b)
    b.openProject(join(tempDir(), 'p.pricelab'), { create: true })
    const r = await b.dispatch('elasticity:train', { jobId: 'bad', seed: 1, dataset: 'nope' })
    expect(r.ok).toBe(false)
    const f = (await b.call('job:list', {})).finished.find((x) => x.jobId === 'bad')
    expect(f?.status).toBe('failed')
    expect(f?.message).toMatch(/nope/)
  })
})
