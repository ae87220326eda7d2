import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cli, tempDir } from '../helpers'

describe('pricelab elasticity --validation', () => {
  // The backend dropped the flag on its way to training: every run used the default ('time' with a period column).
  it('reaches the training: items holds out whole items, time the last periods', async () => {
    const db = join(tempDir(), 'r.pricelab')
    expect((await cli('generate', '--db', db, '--kind', 'retail', '--scale', '0.1')).code).toBe(0)
    const run = async (v: string) => {
      const r = await cli(
        'elasticity',
        '--db',
        db,
        '--dataset',
        'retail_sample',
        '--models',
        'ols',
        '--validation',
        v,
        '--json'
      )
      expect(r.code).toBe(0)
      return JSON.parse(r.out) as { validation: string; models: { validation: string }[] }
    }
    const items = await run('items')
    expect(items.validation).toBe('items')
    expect(items.models[0].validation).toBe('items')
    expect((await run('time')).validation).toBe('time')
  }, 60_000)
})
