import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { scratchDir } from '../../src/backend/paths'
import type { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { trainedRetailProject } from '../trained-retail'

/** Sheets written with their run and not yet exported (the export renames the file into its staged name). */
const waiting = () => readdirSync(scratchDir('exports')).filter((f) => f.endsWith('-price-sheet.csv')).length

/** The CSV of an export. */
const exported = async (b: Backend, runId: number, bom: boolean) => {
  const f = await b.call('pricing:export', { bom, runId })
  try {
    return readFileSync(b.files.get(f.fileId).path, 'utf8')
  } finally {
    b.files.release(f.fileId)
  }
}

describe("the sheet's CSV written with its run (optimize's prepareExport, the CLI's --out)", () => {
  it('is the CSV the export would write, staged by the export that follows; another bom or a later write is written anew', async () => {
    const b = await trainedRetailProject(2)
    try {
      const plain = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
      const expected = {
        false: await exported(b, plain.run_id as number, false),
        true: await exported(b, plain.run_id as number, true)
      }
      for (const bom of [false, true]) {
        const r = await b.call('pricing:optimize', {
          settings: DEFAULT_SETTINGS,
          save: false,
          prepareExport: { bom }
        })
        const id = r.run_id as number
        // The file written with the run, before any export; the export stages that very file.
        expect(waiting()).toBe(1)
        expect(await exported(b, id, bom)).toBe(expected[String(bom) as 'true' | 'false'])
        expect(waiting()).toBe(0)
        // Taken once: a second export writes the sheet again, the same.
        expect(await exported(b, id, bom)).toBe(expected[String(bom) as 'true' | 'false'])
      }
      // Prepared without a BOM, exported with one: written anew (with its BOM), the prepared file deleted.
      const r = await b.call('pricing:optimize', {
        settings: DEFAULT_SETTINGS,
        save: false,
        prepareExport: { bom: false }
      })
      expect(waiting()).toBe(1)
      expect(await exported(b, r.run_id as number, true)).toBe(expected.true)
      expect(waiting()).toBe(0)
      // A refused sheet is never exported: the file written with it is deleted at once.
      const top = Math.max(...plain.rows.map((row) => row.current_price))
      const g = DEFAULT_SETTINGS.guardrails
      const refused = await b.call('pricing:optimize', {
        settings: {
          ...DEFAULT_SETTINGS,
          guardrails: { ...g, min_price: top * 1.5, max_increase: 2, stay_in_observed: false }
        },
        save: false,
        prepareExport: { bom: false }
      })
      expect(refused.refused).toBeTruthy()
      expect(waiting()).toBe(0)
      expect(expected.true.startsWith('\uFEFF')).toBe(true)
      expect(expected.false.startsWith('\uFEFF')).toBe(false)
    } finally {
      b.close()
    }
  })
})
