import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate'
import type { Db } from '../db/port'
import { saveJson } from '../db/saved-json'
import { MODEL_FORMAT } from './formats'
import { bodyCheck } from './body-check'
import type { TrainedModel } from './train'
import type { ModelReport } from '../../shared/elasticity/model-results'

/**
 * Model bodies (a random forest's trees are megabytes of JSON) are stored deflated,
 * and only the latest runs keep theirs: a project must not grow by the size of a
 * forest with every training run. Older runs keep their report and metrics (the
 * charts and tables still show); their models can no longer price (retrain).
 */
const MAGIC = [0x50, 0x4c, 0x5a, 0x31] // "PLZ1"

/** Runs per dataset that keep their model bodies (plus any run a saved pricing run refers to). */
export const KEEP_MODEL_RUNS = 3

/** Deflates a model body's JSON text (the versioned saved-model format). */
export function packModel(json: string): Uint8Array {
  const body = deflateSync(strToU8(json), { level: 6 })
  const out = new Uint8Array(MAGIC.length + body.length)
  out.set(MAGIC, 0)
  out.set(body, MAGIC.length)
  return out
}

/**
 * A trained model as the project stores it: its report and its deflated body. The training worker packs it,
 * so the main thread never serializes or deflates a forest (hundreds of ms for a full-size one) and the
 * write transaction only inserts bytes.
 */
export interface PackedModel {
  report: ModelReport
  body: Uint8Array
  /** The body's fingerprint (`bodyCheck`), also taken in the worker: hashing a forest is milliseconds. */
  check: string
}

export function packTrained(t: TrainedModel): PackedModel {
  const body = packModel(saveJson(MODEL_FORMAT, t.serialized))
  return { report: t.report, body, check: bodyCheck(body) }
}

/** A stored body's JSON text: deflated (current), JSON text (projects written before), or pruned (null). */
export function unpackModel(stored: unknown): string | null {
  if (stored === null || stored === undefined || stored === '') return null
  if (typeof stored === 'string') return stored
  const b = stored as Uint8Array
  if (MAGIC.every((m, i) => b[i] === m)) return strFromU8(inflateSync(b.subarray(MAGIC.length)))
  return strFromU8(b)
}

/** Runs that keep their bodies: the latest KEEP_MODEL_RUNS per dataset and those pricing runs refer to. */
function keptRuns(db: Db, keep: number): Set<number> {
  const rows = db
    .prepare<{ run_id: number }>(
      `SELECT run_id FROM (
         SELECT run_id, row_number() OVER (PARTITION BY dataset ORDER BY run_id DESC) AS k FROM elasticity_runs
       ) WHERE k <= ?
       UNION SELECT elasticity_run_id FROM pricing_runs`
    )
    .all(keep) as { run_id: number }[]
  return new Set(rows.map((r) => r.run_id))
}

/** Runs beyond the kept ones, oldest first. */
function oldRuns(db: Db, keep: number): number[] {
  const kept = keptRuns(db, keep)
  return (db.prepare<{ run_id: number }>('SELECT run_id FROM elasticity_runs').all() as { run_id: number }[])
    .map((r) => r.run_id)
    .filter((id) => !kept.has(id))
}

/**
 * Empties the model bodies of runs beyond the kept ones; returns how many bodies were dropped. The per-row
 * actual-vs-predicted points of the fit chart (each model's `sample`) are the bulk of a report: older runs drop
 * them too, by SQLite's JSON functions on the saved text (no parse, check and rewrite of a report of ~0.7 MB in
 * JavaScript inside the save's transaction); a report that is not valid JSON is left as it is (its reader says
 * what is wrong with it).
 */
export function pruneModelBodies(db: Db, keep = KEEP_MODEL_RUNS): number {
  const old = oldRuns(db, keep)
  let n = 0
  const st = db.prepare("UPDATE models SET model_json = '' WHERE run_id = ? AND model_json <> ''")
  const count = db.prepare<{ n: number | null }>(
    "SELECT json_array_length(report_json, '$.models') AS n FROM elasticity_runs WHERE run_id = ? AND json_valid(report_json)"
  )
  for (const id of old) {
    const changed = st.run(id).changes
    n += changed
    if (!changed) continue
    const models = (count.get(id) as { n: number | null } | undefined)?.n ?? 0
    if (!models) continue
    const paths = Array.from({ length: models }, (_, i) => `'$.models[${i}].sample', json('[]')`).join(', ')
    db.prepare(
      `UPDATE elasticity_runs SET report_json = json_replace(report_json, ${paths}) WHERE run_id = ?`
    ).run(id)
  }
  return n
}

/** "Compact project": deletes elasticity runs beyond the kept ones (reports included); VACUUM is the caller's. */
export function pruneOldRuns(db: Db, keep = KEEP_MODEL_RUNS): number {
  const old = oldRuns(db, keep)
  const del = db.prepare('DELETE FROM elasticity_runs WHERE run_id = ?')
  db.transaction(() => {
    for (const id of old) {
      db.prepare('DELETE FROM models WHERE run_id = ?').run(id)
      del.run(id)
    }
  })
  return old.length
}
