import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../core/db/port'
import { checksFieldsOf, readJson, saveJson, type SavedFormat } from '../../core/db/saved-json'
import type { Panel } from '../../core/elasticity/panel'
import type { DmlResult } from '../../core/elasticity/dml'
import { DEFAULT_REPEATS } from '../../core/elasticity/dml-cross-fit'
import type { TrainPlan } from '../../shared/elasticity/model-results'

/**
 * Bumped whenever dml.ts changes what it estimates: an estimate cached by an older version is
 * then never reused (its key differs).
 */
export const DML_CACHE_VERSION = 1

/**
 * The cache key of a debiased estimate: a SHA-256 over every panel value DML reads (demand,
 * price, item, segment, period, each control's values and levels) and the settings it runs
 * with (folds, seed, within items, repeats). Content, not the dataset's name or version: a
 * re-import of the same rows hits, any changed value misses.
 */
export function dmlCacheKey(panel: Panel, plan: Pick<TrainPlan, 'folds' | 'seed' | 'withinItems'>): string {
  const h = createHash('sha256')
  const settings = {
    v: DML_CACHE_VERSION,
    folds: plan.folds,
    seed: plan.seed,
    withinItems: plan.withinItems,
    repeats: DEFAULT_REPEATS,
    n: panel.n,
    itemIds: panel.itemIds,
    segments: panel.segments,
    controls: panel.controls.map((c) => ({ name: c.name, kind: c.kind, levels: c.levels, period: c.period }))
  }
  h.update(JSON.stringify(settings))
  const arrays: ArrayBufferView[] = [panel.quantity, panel.price, panel.item, panel.segment]
  if (panel.period) arrays.push(panel.period)
  for (const c of panel.controls) arrays.push(c.values)
  // A view over the (possibly shared) memory: hashing reads it in place, no copy.
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  return h.digest('hex')
}

/** JSON has no NaN or ±Infinity (a segment DML cannot identify is NaN): keep them as tagged strings. */
function encode(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v
}

function decode(_key: string, v: unknown): unknown {
  return typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v
}

/** An estimate DML could not identify is NaN, which zod's number refuses. */
const estimate = z.union([z.number(), z.nan()])

/** A cached estimate (dml_cache.result_json): what the elasticity job reads back of it. */
export const DML_RESULT_FORMAT: SavedFormat<DmlResult> = {
  what: 'cached debiased (DML) estimate',
  version: 1,
  schema: checksFieldsOf<DmlResult>(
    z.looseObject({
      segments: z.array(z.looseObject({ segment: z.string(), elasticity: estimate })),
      items: z.array(z.looseObject({})),
      within: z.boolean(),
      repeats: z.number(),
      item_sd: estimate
    })
  ),
  replacer: encode,
  reviver: decode
}

export interface CachedDml {
  result: DmlResult
  /** How long the estimate took when it was computed. */
  ms: number
}

export function readDmlCache(db: Db, key: string): CachedDml | null {
  const row = db
    .prepare<{ result_json: string; ms: number }>('SELECT result_json, ms FROM dml_cache WHERE key = ?')
    .get(key)
  if (!row) return null
  try {
    return { result: readJson(DML_RESULT_FORMAT, row.result_json), ms: row.ms }
  } catch (e) {
    // A cache entry that no longer reads (written by another version, damaged) is only a
    // lost shortcut: the estimate is computed again and the entry replaced.
    console.warn(`PriceLab: ignoring a cached DML estimate: ${(e as Error).message}`)
    return null
  }
}

/**
 * Keeps the newest few estimates: a repeated run is what the cache is for, and each entry holds
 * every item's estimate (~0.3 MB on the EdTech sample), so a project must not collect one per seed.
 */
const KEEP = 4

export function writeDmlCache(db: Db, key: string, result: DmlResult, ms: number): number {
  const r = db
    .prepare('INSERT OR REPLACE INTO dml_cache (key, result_json, ms, created_at) VALUES (?, ?, ?, ?)')
    .run(key, saveJson(DML_RESULT_FORMAT, result), Math.round(ms), new Date().toISOString())
  db.prepare(
    'DELETE FROM dml_cache WHERE key NOT IN (SELECT key FROM dml_cache ORDER BY created_at DESC, rowid DESC LIMIT ?)'
  ).run(KEEP)
  return r.changes
}
