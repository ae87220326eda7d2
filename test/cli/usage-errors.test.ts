import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { cli, tempDir } from '../helpers'

/** Issue 29, messages: a flag the user got wrong is a usage error (exit 2) naming the flag and the fix. */

function project(): string {
  const path = join(tempDir(), 'p.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(path, { create: true })
  b.close()
  return path
}

describe('CLI usage errors name the flag and exit 2 (issue 29)', () => {
  it('--max-rows beyond any row count: "--max-rows: too big", not "elasticity:train: maxRows: …" with exit 1', async () => {
    const r = await cli('elasticity', '--db', project(), '--max-rows', '1e300', '--json')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^pricelab elasticity: --max-rows: too big/)
    expect(r.err).not.toMatch(/elasticity:train|maxRows/)
  })

  it('--cutoff 2025-02-30 is refused as no such day, not moved to 2025-03-02', async () => {
    const r = await cli(
      'propensity',
      '--db',
      project(),
      '--dataset',
      'log',
      '--events',
      '--customer',
      'c',
      '--time',
      't',
      '--window',
      '60',
      '--cutoff',
      '2025-02-30'
    )
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--cutoff 2025-02-30 is not a day: 2025-02 has 28 days/)
  })

  it('--id equal to --label is refused', async () => {
    const r = await cli(
      'propensity',
      '--db',
      project(),
      '--dataset',
      'c',
      '--label',
      'churn',
      '--id',
      'Churn'
    )
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--id and --label are both "churn"/)
  })

  it('a job id already running is "busy", not "internal"', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(project(), { create: false })
    const first = b.dispatch('data:generate', { jobId: 'J', seed: 1, scale: 0.02 })
    const second = await b.dispatch('data:generate', { jobId: 'J', seed: 2, scale: 0.02 })
    expect(second.ok ? 'ok' : second.error).toEqual({
      code: 'busy',
      message: expect.stringMatching(/a job with id "J" is already running: wait for it to finish/)
    })
    expect((await first).ok).toBe(true)
    b.close()
  })
})
