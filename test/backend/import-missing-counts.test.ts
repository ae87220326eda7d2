/**
 * The import dialog's missing count is the whole file's (issue 28): the preview reads its first 5,000 rows, so a
 * file with 8 gaps there and 3 more further down showed 8; import:missingCounts reads every row, off the event loop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { PREVIEW_SAMPLE_ROWS } from '../../src/core/data/import/preview'
import { tempDir, writeFile } from '../helpers'

const ROWS = 6000
const EARLY_GAPS = [10, 200, 900, 1500, 2500, 3300, 4100, 4999] // 8 in the preview's sample (0-based data rows)
const LATE_GAPS = [5200, 5600, 5999] // 3 beyond it

/** A weekly juice panel with empty prices at the listed rows and "NA" units at the first two of them. */
function panel(): string {
  const gaps = new Set([...EARLY_GAPS, ...LATE_GAPS])
  const lines = ['week,store,brand,price,units']
  for (let r = 0; r < ROWS; r++) {
    const units = r === EARLY_GAPS[0] || r === LATE_GAPS[0] ? 'NA' : String(10 + (r % 7))
    lines.push(
      `2024-01-${String(1 + (r % 28)).padStart(2, '0')},s${r % 83},tropicana,${gaps.has(r) ? '' : '2.49'},${units}`
    )
  }
  return `${lines.join('\n')}\n`
}

describe('import:missingCounts', () => {
  const b = new Backend({ mode: 'cli', version: 'test' })
  let fileId = ''
  beforeAll(async () => {
    const dir = tempDir()
    b.openProject(join(dir, 'oj.pricelab'), { create: true })
    fileId = (await b.call('file:stagePath', { path: writeFile(dir, 'oj_panel.csv', panel()) })).fileId
  })
  afterAll(() => b.close())

  it('the preview counts its sample only; the whole-file count finds every gap', async () => {
    const preview = await b.call('import:preview', { fileId })
    expect(preview.truncated).toBe(true)
    expect(preview.sampledRows).toBe(PREVIEW_SAMPLE_ROWS)
    const price = preview.columns.find((c) => c.name === 'price')
    expect(price?.missing).toBe(EARLY_GAPS.length)

    const all = await b.call('import:missingCounts', { fileId, jobId: 'count-1' })
    expect(all.rows).toBe(ROWS)
    expect(all.columns.map((c) => c.name)).toEqual(['week', 'store', 'brand', 'price', 'units'])
    expect(all.columns.find((c) => c.name === 'price')?.missing).toBe(EARLY_GAPS.length + LATE_GAPS.length)
    expect(all.columns.find((c) => c.name === 'units')?.missing).toBe(2)
    expect(all.columns.find((c) => c.name === 'week')?.missing).toBe(0)
  })

  it('an unknown file is refused as not found', async () => {
    await expect(b.call('import:missingCounts', { fileId: 'nope' })).rejects.toMatchObject({
      code: 'not_found'
    })
  })
})
