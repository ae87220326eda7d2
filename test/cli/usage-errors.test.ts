import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { cli, tempDir, writeFile } from '../helpers'
import { flagInputError } from '../../src/cli/args'
import { parseCall } from '../../src/shared/api'

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

  it("a bad flag value prints the same line as before, naming the flag read from the issues' path (issue 32)", async () => {
    const r = await cli('elasticity', '--db', project(), '--max-rows', '1e300')
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'pricelab elasticity: --max-rows: too big: expected int to be <=9007199254740991; ' +
        '--max-rows: too big: expected number to be <=10000000000 (see --help for the accepted values)\n'
    )
  })

  it('flagInputError reads the issues, not the text: the flag comes from the path', () => {
    const refused = parseCall('elasticity:train', { jobId: 'j1', dataset: 'sales', maxRows: -1 })
    if (!('error' in refused)) throw new Error('expected a refusal')
    expect(refused.error.issues?.[0].path).toEqual(['maxRows'])
    expect(flagInputError(refused.error)).toMatch(
      /^--max-rows: too small: .* \(see --help for the accepted values\)$/
    )
    // The same words without issues, or issues that do not make up the message, are not a flag's.
    expect(flagInputError({ ...refused.error, issues: [] })).toBeNull()
    expect(
      flagInputError({ ...refused.error, message: 'elasticity:train: maxRows: something else' })
    ).toBeNull()
    expect(
      flagInputError({
        code: 'invalid_input',
        message: 'item "x": price must be more than 0',
        issues: [{ path: ['items', 'x', 'price'], message: 'price must be more than 0' }]
      })
    ).toBeNull()
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

  it('a job id already running is "busy", not "internal"; so is regenerating the sample under a running job', async () => {
    const dir = tempDir()
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(join(dir, 'p.pricelab'), { create: true })
    const { fileId } = b.files.stagePath(writeFile(dir, 'a.csv', 'sku,price\nA,1\n'))
    const first = b.dispatch('data:generate', { jobId: 'J', seed: 1, scale: 0.02 })
    const plan = { target: { kind: 'dataset' as const, name: 'a', roles: {} } }
    // Both asked while J runs (a job is registered the moment its call starts).
    const sameIdCall = b.dispatch('import:run', { jobId: 'J', fileId, plan })
    const regenerateCall = b.dispatch('data:generate', { jobId: 'K', seed: 2, scale: 0.02 })
    const sameId = await sameIdCall
    expect(sameId.ok ? 'ok' : sameId.error).toEqual({
      code: 'busy',
      message: expect.stringMatching(/a job with id "J" is already running: wait for it to finish/)
    })
    const regenerate = await regenerateCall
    expect(regenerate.ok ? 'ok' : regenerate.error).toEqual({
      code: 'busy',
      message: expect.stringMatching(/cannot regenerate the sample data while .* is running/)
    })
    expect((await first).ok).toBe(true)
    b.close()
  })
})
