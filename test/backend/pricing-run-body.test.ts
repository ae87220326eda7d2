import { describe, expect, it } from 'vitest'
import { inflateRawSync } from 'node:zlib'
import type { Backend } from '../../src/backend/backend'
import { DEFAULT_SETTINGS } from '../../src/shared/pricing/defaults'
import { pricingRunById } from '../../src/core/pricing/store'
import { saveJson } from '../../src/core/db/saved-json'
import { PRICING_RUN_FORMAT } from '../../src/core/pricing/formats'
import { RUN_BODY_MAGIC, runBodyText } from '../../src/core/pricing/run-body'
import { packRunBody, rowsJsonAhead, takeSavedRowsJson } from '../../src/backend/pricing/run-body-pack'
import type { PricingRun } from '../../src/shared/pricing'
import { trainedRetailProject } from '../trained-retail'
import { packText } from '../run-bodies'

const project = () => trainedRetailProject(2)

const stored = (b: Backend, id: number) =>
  (
    b.project.reader.prepare('SELECT result_json FROM pricing_runs WHERE run_id = ?').get(id) as {
      result_json: unknown
    }
  ).result_json

/** The whole saved text of a run as `saveJson` writes it, the id left to the row. */
const savedText = (run: PricingRun) => saveJson(PRICING_RUN_FORMAT, { ...run, run_id: null })

describe('a pricing run is stored deflated', () => {
  it('stores the run as "PLRZ" bytes a fraction of its JSON, and reads back the run it saved', async () => {
    const b = await project()
    try {
      const r = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
      const id = r.run_id as number
      const body = stored(b, id)
      expect(body).toBeInstanceOf(Uint8Array)
      const bytes = body as Uint8Array
      expect([...bytes.subarray(0, 4)]).toEqual(RUN_BODY_MAGIC)
      const text = savedText(r)
      // The saved JSON, byte for byte, in a body under a quarter of its size.
      expect(runBodyText(bytes)).toBe(text)
      expect(bytes.length * 4).toBeLessThan(Buffer.byteLength(text))
      expect(pricingRunById(b.project.reader, id)).toEqual(r)
      // Runs saved before (JSON text with its id inside) are read as they were.
      b.project.writer
        .prepare('UPDATE pricing_runs SET result_json = ? WHERE run_id = ?')
        .run(saveJson(PRICING_RUN_FORMAT, r), id)
      expect(pricingRunById(b.project.reader, id)).toEqual(r)
    } finally {
      b.close()
    }
  }, 180_000)

  it('packs exactly the saved JSON text, in pieces, whatever the characters (ε, quotes, many rows)', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      item_id: `item "${i}"`,
      reasoning: `best on the causal (ε −1.${i % 10}) curve × ${i}`,
      price: i / 7,
      gone: undefined
    }))
    const run = {
      run_id: 9,
      elasticity_run_id: 1,
      dataset: 'd',
      model: 'ols',
      settings: {},
      demand: 'causal',
      demand_label: 'causal: (p/p₀)^ε',
      refused: null,
      rows,
      portfolio: {},
      warnings: ['−'],
      created_at: 't'
    } as unknown as PricingRun
    const body = await packRunBody(run)
    expect(inflateRawSync(body.subarray(5)).toString('utf8')).toBe(savedText(run))
    expect(runBodyText(body)).toBe(savedText(run))
    expect(takeSavedRowsJson(rows)).toBeUndefined()
    // Kept for the CLI's --json: the rows' JSON text as bytes, taken once.
    const kept = await packRunBody(run, { keepRows: true })
    expect(kept.equals(body)).toBe(true)
    expect(Buffer.concat(takeSavedRowsJson(rows) ?? []).toString()).toBe(JSON.stringify(rows))
    expect(takeSavedRowsJson(rows)).toBeUndefined()
    // The rows' bytes and deflate made ahead (while the corner curve runs): a body of three raw deflate
    // streams that inflates to the same text, and the rows kept the same way.
    const ahead = await rowsJsonAhead(rows, { keep: true })
    expect(Buffer.concat(ahead.bytes ?? []).toString()).toBe(JSON.stringify(rows))
    const chained = await packRunBody(run, { rowsAhead: ahead, keepRows: true })
    expect(inflateRawSync(chained.subarray(5)).toString('utf8')).toBe(savedText(run))
    expect(runBodyText(chained)).toBe(savedText(run))
    expect(chained.subarray(0, 5).equals(body.subarray(0, 5))).toBe(true)
    expect(Buffer.concat(takeSavedRowsJson(rows) ?? []).toString()).toBe(JSON.stringify(rows))
    // No rows: the chain still inflates to the text.
    const empty = { ...run, rows: [] } as PricingRun
    const none = await packRunBody(empty, { rowsAhead: await rowsJsonAhead([]) })
    expect(runBodyText(none)).toBe(savedText(empty))
    // Not kept (the app): the same body; a report that wanted them is told they were not kept.
    const unkept = await rowsJsonAhead(rows)
    expect(unkept.bytes).toBeNull()
    expect(runBodyText(await packRunBody(run, { rowsAhead: unkept }))).toBe(savedText(run))
    await expect(packRunBody(run, { rowsAhead: await rowsJsonAhead(rows), keepRows: true })).rejects.toThrow(
      'not kept'
    )
  })

  it('refuses a damaged or newer body with the reason', () => {
    const good = packText('{"format_version":1}')
    const cut = good.subarray(0, good.length - 3)
    expect(() => runBodyText(cut)).toThrow(
      /the saved pricing run is damaged: its deflated body cannot be read/
    )
    const mark = Uint8Array.from(good)
    mark[0] = 0x58
    expect(() => runBodyText(mark)).toThrow(/damaged: its body is neither JSON text nor a PriceLab run body/)
    const newer = Uint8Array.from(good)
    newer[4] = 2
    expect(() => runBodyText(newer)).toThrow(/saved by a newer PriceLab \(run body version 2/)
    expect(() => runBodyText(null)).toThrow(/damaged: its body is empty/)
  })

  it('checks every number inside the deflated body as in the text', async () => {
    const b = await project()
    try {
      const r = await b.call('pricing:optimize', { settings: DEFAULT_SETTINGS, save: false })
      const id = r.run_id as number
      const text = savedText(r).replace('"dataset":', '"tampered":1e999,"dataset":')
      b.project.writer
        .prepare('UPDATE pricing_runs SET result_json = ? WHERE run_id = ?')
        .run(packText(text), id)
      expect(() => pricingRunById(b.project.reader, id)).toThrow(
        /saved pricing run is damaged: tampered is Infinity/
      )
    } finally {
      b.close()
    }
  }, 180_000)
})
