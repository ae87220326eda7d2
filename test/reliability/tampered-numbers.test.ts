import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { cli, projectCopies, tempDir } from '../helpers'
import { packModel, unpackModel } from '../../src/core/elasticity/model-store'
import { Backend } from '../../src/backend/backend'
import { bodyCheck } from '../../src/core/elasticity/body-check'
import { rewriteRunText } from '../run-bodies'

/**
 * Issue 29 item 6: numbers tampered with in a saved project (a model's coefficients cut to
 * one, infinite or 1e308 values in a model, a run's segment elasticities, a pricing run and
 * the saved settings) were used: wrong demand, blank quantities, "segment elasticity 1e+308",
 * blank assigned prices. Each is now refused as damaged, with the reason, never used.
 */
// Every test tampers with its own copy of one trained project (built once for the file).
const trained = projectCopies(async (): Promise<string> => {
  const db = join(tempDir(), 'p.pricelab')
  expect((await cli('generate', '--db', db, '--seed', '3', '--scale', '0.05')).code).toBe(0)
  const e = await cli('elasticity', '--db', db, '--models', 'ols', '--dml', 'off', '--json')
  expect(e.code, e.err).toBe(0)
  return db
})

function editModel(db: string, edit: (m: { model: { beta: number[] } }) => string): void {
  const d = new Database(db)
  const row = d.prepare("SELECT run_id, model_json FROM models WHERE kind = 'ols'").get() as {
    run_id: number
    model_json: Uint8Array
  }
  const body = JSON.parse(unpackModel(row.model_json) as string)
  const packed = packModel(edit(body))
  // The tamperer here also rewrites the body's fingerprint, so the numbers' own check is what refuses it.
  const metrics = d
    .prepare("SELECT metrics_json FROM models WHERE run_id = ? AND kind = 'ols'")
    .get(row.run_id) as {
    metrics_json: string
  }
  d.prepare("UPDATE models SET model_json = ?, metrics_json = ? WHERE run_id = ? AND kind = 'ols'").run(
    packed,
    JSON.stringify({ ...JSON.parse(metrics.metrics_json), body_check: bodyCheck(packed) }),
    row.run_id
  )
  d.close()
}

const optimize = (db: string, out = 'prices') =>
  cli('optimize', '--db', db, '--model', 'ols', '--demand', 'model', '--out', `${db}.${out}.csv`, '--json')

describe('tampered saved numbers are refused as damaged, never used', () => {
  it.each([
    [
      'cut to one coefficient',
      (m: { model: { beta: number[] } }) =>
        JSON.stringify({ ...m, model: { ...m.model, beta: [m.model.beta[0]] } }),
      /has 1 coefficients where its design has \d+; train the elasticity run again/
    ],
    [
      'an infinite coefficient (1e999)',
      (m: { model: { beta: number[] } }) => JSON.stringify(m).replace(/"beta":\[[^,\]]+/, '"beta":[1e999'),
      /elasticity run \d+: the saved elasticity model is damaged: model\.beta\[0\] is Infinity/
    ],
    [
      'a coefficient of 1e308',
      (m: { model: { beta: number[] } }) => JSON.stringify(m).replace(/"beta":\[[^,\]]+/, '"beta":[1e308'),
      /model\.beta\[0\] is 1e\+308 \(no number PriceLab saves is infinite or beyond ±1e100\)/
    ]
  ])(
    'a linear model %s: optimize refuses with the reason (exit 1), writes no price sheet',
    async (_what, edit, reason) => {
      const db = await trained()
      expect((await optimize(db)).code).toBe(0)
      editModel(db, edit)
      const r = await optimize(db, 'again')
      expect(r.code).toBe(1)
      expect(JSON.parse(r.out).error.message).toMatch(reason)
    },
    120_000
  )

  it('a run whose segment elasticity reads 1e308 is listed as damaged and not priced', async () => {
    const db = await trained()
    const d = new Database(db)
    const row = d.prepare('SELECT run_id, report_json FROM elasticity_runs').get() as {
      run_id: number
      report_json: string
    }
    const report = JSON.parse(row.report_json)
    const seg = report.segments[0]
    const key = 'recommended' in seg ? 'recommended' : 'elasticity'
    seg[key] = 1e308
    d.prepare('UPDATE elasticity_runs SET report_json = ? WHERE run_id = ?').run(
      JSON.stringify(report),
      row.run_id
    )
    d.close()
    const b = new Backend({ mode: 'cli', version: 'test' })
    expect((await b.dispatch('project:open', { path: db })).ok).toBe(true)
    const runs = await b.call('elasticity:runs', {})
    expect(runs[0].damaged).toMatch(new RegExp(`segments\\[0\\]\\.${key} is 1e\\+308`))
    const priced = await b.dispatch('pricing:optimize', { runId: row.run_id, save: false })
    expect(priced.ok ? 'priced' : priced.error.message).toMatch(
      /the saved elasticity run is damaged: segments\[0\]\./
    )
    b.close()
    // optimize never prices from it: it trains a new run instead.
    const r = await optimize(db, 'again')
    expect(r.code, r.err).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.trained_elasticity).toBe(true)
    expect(j.elasticity_run_id).not.toBe(row.run_id)
  }, 120_000)

  it('Infinity in the saved settings or in a pricing run: refused with the reason, not read as null', async () => {
    const db = await trained()
    expect((await optimize(db)).code).toBe(0)
    const tamper = (sql: string) => {
      const d = new Database(db)
      d.prepare(sql).run()
      d.close()
    }
    const d = new Database(db)
    rewriteRunText(d, undefined, (text) => text.replace('"dataset":', '"tampered":1e999,"dataset":'))
    d.close()
    const plan = await cli(
      'abtest',
      '--db',
      db,
      '--treatment',
      'optimized',
      '--out',
      `${db}.plan.csv`,
      '--json'
    )
    expect(plan.code).toBe(1)
    expect(JSON.parse(plan.out).error.message).toMatch(/saved pricing run is damaged: tampered is Infinity/)
    tamper(
      'INSERT OR REPLACE INTO project_meta (key, value) VALUES (\'pricing_settings\', \'{"format_version":1,"cost_share":1e999}\')'
    )
    const s = await cli('optimize', '--db', db, '--settings', 'saved', '--out', `${db}.p2.csv`, '--json')
    expect(s.code).toBe(1)
    expect(JSON.parse(s.out).error.message).toMatch(
      /saved pricing settings is damaged: cost_share is Infinity/
    )
  }, 120_000)
})

describe('a damaged model body is listed as damaged before anyone uses it (issue 29)', () => {
  it('one changed byte in a saved body: elasticity:runs says damaged at once; pricing refuses the run', async () => {
    const db = await trained()
    const d = new Database(db)
    const row = d.prepare("SELECT run_id, model_json FROM models WHERE kind = 'ols'").get() as {
      run_id: number
      model_json: Uint8Array
    }
    const bad = Uint8Array.from(row.model_json)
    bad[bad.length - 3] ^= 0xff
    d.prepare("UPDATE models SET model_json = ? WHERE run_id = ? AND kind = 'ols'").run(bad, row.run_id)
    d.close()
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    const runs = await b.call('elasticity:runs', {})
    expect(runs[0]).toMatchObject({
      run_id: row.run_id,
      damaged:
        'the saved model "ols" is damaged (its bytes changed after it was saved): train the elasticity run again'
    })
    const priced = await b.dispatch('pricing:optimize', { runId: row.run_id, save: false })
    expect(priced.ok ? 'priced' : priced.error.message).toMatch(/the saved model "ols" is damaged|damaged/)
    b.close()
    // optimize never prices from it: it trains a new run instead.
    const r = await optimize(db)
    expect(r.code, r.err).toBe(0)
    expect(JSON.parse(r.out).trained_elasticity).toBe(true)
  }, 120_000)
})
