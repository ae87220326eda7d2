import { describe, expect, it } from 'vitest'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { tempDir } from '../helpers'

async function bigProject(): Promise<{ dir: string; b: Backend }> {
  const dir = tempDir()
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(join(dir, 'big.pricelab'), { create: true })
  await b.call('data:generate', { jobId: 'g', seed: 5, scale: 1 })
  return { dir, b }
}

describe('save as off the event loop (issue 17, item 8)', () => {
  it('reports progress, and other calls are answered while the copy runs', async () => {
    const { dir, b } = await bigProject()
    try {
      let events = 0
      let answeredDuringCopy: Promise<boolean> | null = null
      let saved = false
      b.onEvent((e) => {
        if (e.jobId !== 'save') return
        events++
        // While the copy runs, a read call comes back before the copy does.
        answeredDuringCopy ??= b.call('data:tables', {}).then((t) => t.length > 0 && !saved)
      })
      const info = await b.call('project:saveAs', { path: join(dir, 'copy.pricelab'), jobId: 'save' })
      saved = true
      expect(info.path).toBe(join(dir, 'copy.pricelab'))
      expect(events).toBeGreaterThan(0)
      expect(await answeredDuringCopy).toBe(true)
      expect((await b.call('data:tables', {})).find((t) => t.name === 'learners')?.rows).toBe(10_000)
    } finally {
      b.close()
    }
  }, 60_000)

  it('can be cancelled: no destination, no temporary file, the project stays open', async () => {
    const { dir, b } = await bigProject()
    try {
      b.onEvent((e) => {
        if (e.jobId === 'save') void b.call('job:cancel', { jobId: 'save' })
      })
      const dest = join(dir, 'cancelled.pricelab')
      const r = await b.dispatch('project:saveAs', { path: dest, jobId: 'save' })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('cancelled')
      expect(existsSync(dest)).toBe(false)
      expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([])
      expect(b.project.path).toBe(join(dir, 'big.pricelab'))
    } finally {
      b.close()
    }
  }, 60_000)
})
