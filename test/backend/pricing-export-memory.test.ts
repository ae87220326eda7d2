import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { runAsSaved } from '../../src/core/pricing/store'
import type { PricingRun } from '../../src/shared/pricing'
import { trainedRetailProject } from '../trained-retail'
import { rewriteRunText } from '../run-bodies'

const project = () => trainedRetailProject(4)

const sheet = async (b: Backend, runId: number) => {
  const f = await b.call('pricing:export', { bom: false, runId })
  try {
    return readFileSync(b.files.get(f.fileId).path, 'utf8')
  } finally {
    b.files.release(f.fileId)
  }
}

/** Rewrites a saved run behind the session's back (not a write job): only a read-back would see it. */
function tamper(b: Backend, runId: number): void {
  rewriteRunText(b.project.writer, runId, (text) => {
    const run = JSON.parse(text) as PricingRun
    run.rows = run.rows.map((r) => ({ ...r, name: `read back ${r.name}` }))
    return JSON.stringify(run)
  })
}

describe('the export right after an optimize takes the sheet from memory', () => {
  it('writes the sheet it just optimized without reading it back, the same CSV a read-back writes', async () => {
    const b = await project()
    try {
      const r = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
      const id = r.run_id as number
      const fromMemory = await sheet(b, id)
      // Any write since makes the session read the saved run back: the same sheet.
      await b.call('pricing:saveSettings', { settings: DEFAULT_SETTINGS })
      expect(await sheet(b, id)).toBe(fromMemory)

      // The saved copy changed behind the session: the export right after an optimize does not read it.
      const again = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
      const id2 = again.run_id as number
      tamper(b, id2)
      const memory2 = await sheet(b, id2)
      expect(memory2).not.toContain('read back')
      expect(memory2).toBe(fromMemory)
      await b.call('pricing:saveSettings', { settings: DEFAULT_SETTINGS })
      expect(await sheet(b, id2)).toContain('read back')
    } finally {
      b.close()
    }
  }, 180_000)

  it('reads back a run that JSON would change (a NaN, −0, a number beyond ±1e100)', () => {
    const run = {
      rows: [{ item_id: 'a', x: 1 }],
      run_id: 1,
      elasticity_run_id: 1,
      dataset: 'd',
      model: 'ols',
      settings: {},
      demand: 'causal',
      refused: null,
      portfolio: {},
      warnings: [],
      created_at: 't'
    } as unknown as PricingRun
    expect(runAsSaved(run)).toBe(run)
    for (const x of [NaN, -0, Infinity, 1e101])
      expect(runAsSaved({ ...run, rows: [{ ...run.rows[0], x } as never] })).toBeNull()
    expect(runAsSaved({ ...run, warnings: [undefined as never] })).toBeNull()
    expect(runAsSaved({ ...run, demand: 'nonsense' as never })).toBeNull()
    expect(runAsSaved({ ...run, rows: [{ item_id: 3 } as never] })).toBeNull()
  })
})
