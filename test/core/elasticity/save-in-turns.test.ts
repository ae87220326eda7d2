import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import { loadRun, reportTextInTurns, saveRun, saveRunInTurns } from '../../../src/core/elasticity/registry'
import { KEEP_MODEL_RUNS, type PackedModel } from '../../../src/core/elasticity/model-store'
import { bodyCheck } from '../../../src/core/elasticity/body-check'
import type { ElasticityReport } from '../../../src/shared/elasticity/results'
import type { Db } from '../../../src/core/db/port'

/** A run report with what the save touches: models with their chart points, odd text, a nested run_id. */
function report(seed: number): ElasticityReport {
  const model = (name: string, k: number) => ({
    name,
    cv_rmse: 1.5 + k + seed,
    hyperparameters: { depth: k },
    sample: Array.from({ length: 400 }, (_, i) => ({ actual: i * 0.5 + k, predicted: i * 0.49 })),
    segments: [{ segment: 'A "quoted" ✓', elasticity: -1.2, rows: 10, note: { run_id: 7 } }]
  })
  return {
    run_id: null,
    dataset: 'sales',
    dataset_version: 1,
    best_model: 'ols',
    models: [model('ols', 0), model('rf', 1), model('gbm', 2)],
    segments: [{ segment: 'A', rows: 10 }],
    warnings: ['a warning with \u2028 and "quotes"'],
    created_at: `2026-12-06T0${seed}:00:00.000Z`,
    cross_group: null,
    cross: [],
    cross_own: [],
    item_elasticities: Array.from({ length: 3000 }, (_, i) => ({
      item: String(i),
      elasticity: -1 - i / 1e4
    })),
    plan: { seed }
  } as unknown as ElasticityReport
}

function packed(r: ElasticityReport): PackedModel[] {
  return r.models.map((m, i) => {
    const body = Uint8Array.from({ length: i === 1 ? 200_000 : 500 }, (_, j) => (j * 31 + i) % 251)
    return { report: m, body, check: bodyCheck(body) }
  })
}

const reportJson = (db: Db, id: number) =>
  (
    db.prepare<{ t: string }>('SELECT report_json AS t FROM elasticity_runs WHERE run_id = ?').get(id) as {
      t: string
    }
  ).t

describe('saving a run in turns', () => {
  it('writes the same rows as the one-piece save, giving turns back inside one transaction', async () => {
    const one = newDb()
    const turned = newDb()
    const r = report(1)
    const a = saveRun(one, r, packed(r))
    let turns = 0
    const b = await saveRunInTurns(turned, r, packed(r), await reportTextInTurns(r), async () => {
      turns++
      // Inside the transaction: another connection would not see the run yet.
      expect(turned.inTransaction).toBe(true)
    })
    expect(b).toBe(a)
    expect(turns).toBeGreaterThanOrEqual(4)
    expect(reportJson(turned, b)).toBe(reportJson(one, a))
    const models = (db: Db) =>
      db.prepare('SELECT kind, metrics_json, model_json FROM models ORDER BY kind').all()
    expect(models(turned)).toEqual(models(one))
    expect(loadRun(turned, b)?.run_id).toBe(b)
    // The connection checkpoints as before once the save is over.
    expect(turned.pragma('wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }])
  })

  it('a save that fails half-way leaves nothing behind', async () => {
    const db = newDb()
    const r = report(2)
    const bad = [...packed(r), { report: r.models[0], body: null, check: 'x' } as unknown as PackedModel]
    await expect(saveRunInTurns(db, r, bad, null, async () => {})).rejects.toThrow()
    expect(db.prepare('SELECT count(*) AS n FROM elasticity_runs').get()).toEqual({ n: 0 })
    expect(db.inTransaction).toBe(false)
    expect(db.pragma('wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }])
  })

  it('the run past the kept ones drops the oldest bodies and its chart points, and nothing else of it', async () => {
    const db = newDb()
    const ids: number[] = []
    const before: string[] = []
    for (let k = 0; k <= KEEP_MODEL_RUNS; k++) {
      const r = report(k + 1)
      ids.push(await saveRunInTurns(db, r, packed(r), await reportTextInTurns(r), async () => {}))
      before.push(reportJson(db, ids[k]))
    }
    const oldest = JSON.parse(reportJson(db, ids[0])) as { models: { sample: unknown[] }[] }
    const expected = JSON.parse(before[0]) as { models: { sample: unknown[] }[] }
    for (const m of expected.models) m.sample = []
    expect(oldest).toEqual(expected)
    expect(loadRun(db, ids[0])?.models.every((m) => m.sample?.length === 0)).toBe(true)
    expect(db.prepare("SELECT count(*) AS n FROM models WHERE model_json = ''").get()).toEqual({ n: 3 })
    // The kept runs are untouched.
    for (let k = 1; k <= KEEP_MODEL_RUNS; k++) expect(reportJson(db, ids[k])).toBe(before[k])
  })
})
