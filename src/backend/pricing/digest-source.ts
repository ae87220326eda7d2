import { openSqlite } from '../sqlite'
import type { Db } from '../../core/db/port'
import { SAMPLE_DATASET } from '../../core/elasticity/panel'
import { pricingRows, type PricingDigest, type PricingRows } from '../../core/pricing/digest'
import { streamDigest, type ParallelRead } from '../../core/pricing/digest-stream'
import { findDataset } from '../../core/data/datasets'
import {
  hasDigestEntry,
  digestCacheKey,
  readDigestCache,
  writeDigestCache,
  type DigestCacheKey
} from '../../core/pricing/digest-cache'
import type { ItemBy } from '../../core/pricing/catalog'
import type { DigestSource } from '../../shared/pricing'
import { forControls, likelyDerivable } from '../../core/pricing/digest-derive'

/** Whether the digest may come from, and go to, the project's digest cache. */
export type DigestCacheUse = 'read-write' | 'read' | 'off'

export interface ObtainedDigest {
  digest: PricingDigest
  source: DigestSource
  /** Why a cached entry was not used although there was one (damaged), else null. */
  cacheRefused: string | null
}

/**
 * Pricing's digest of a dataset, obtained in the cheapest way that gives the same digest: the project's cache
 * when an entry was made from this very dataset (same stamp) with the same settings, or the dataset's base
 * entry (every control, the dataset's own items: one entry serves every run, see digest-derive.ts), else the
 * rows streamed (digest-stream.ts), else the whole panel (`wholePanel`, for the cases streaming does not
 * cover). A fresh digest is cached (the base one where it answers the run) unless the project is read-only
 * (`use` 'read'). A damaged entry is never served: it is reported (cacheRefused), made again from the data,
 * and replaced.
 */
export function obtainDigest(
  dbPath: string,
  dataset: string | null,
  controls: string[] | undefined,
  itemBy: ItemBy | undefined,
  use: DigestCacheUse,
  wholePanel: WholePanel,
  parallel?: ParallelRead
): ObtainedDigest {
  const name = dataset ?? SAMPLE_DATASET
  const db = openSqlite(dbPath, { readonly: true, mustExist: true })
  let found: { got: ObtainedDigest; store: { key: DigestCacheKey; digest: PricingDigest } | null }
  try {
    // One snapshot: the key's stamp and the rows digested under it are of the same version, even when an
    // import commits meanwhile (its new stamp then never meets this entry).
    found = db.transaction(() =>
      readOrMake(db, dbPath, name, controls, itemBy, use, { wholePanel, parallel })
    )
  } finally {
    db.close()
  }
  const { got, store } = found
  if (store && use === 'read-write') {
    const { key, digest } = store
    writeTo(dbPath, (w) => writeDigestCache(w, key, digest))
  }
  return got
}

/** obtainDigest's read: a cached entry that answers, else the digest made, with the entry to store. */
function readOrMake(
  db: Db,
  dbPath: string,
  name: string,
  controls: string[] | undefined,
  itemBy: ItemBy | undefined,
  use: DigestCacheUse,
  how: MakeWith
): { got: ObtainedDigest; store: { key: DigestCacheKey; digest: PricingDigest } | null } {
  const rows = pricingRows(db, name, itemBy)
  const own = use === 'off' ? null : digestCacheKey(db, name, rows, controls)
  const base = use === 'off' ? null : baseKey(db, name, rows, controls)
  let cacheRefused: string | null = null
  for (const key of base && base.key !== own?.key ? [own, base] : [own]) {
    if (!key) continue
    const hit = readDigestCache(db, key)
    const digest =
      hit.digest && (key === base ? forControls(hit.digest, controls, rows.periodRole) : hit.digest)
    if (digest) {
      // Nothing written on a hit (a counter here rewrote the 11 MB entry on every read at 100k items): the
      // run says where its data came from instead (`digest_source`).
      return { got: { digest, source: 'cache', cacheRefused: null }, store: null }
    }
    if (!hit.digest && hit.damaged) {
      cacheRefused = hit.damaged
      console.warn(`PriceLab: ${cacheRefused}; making it again from the data`)
    }
  }
  // The base digest where it answers this run (one entry for every later run), else the run's own.
  const made = base ? makeDigest(db, name, pricingRows(db, name), undefined, how) : null
  const derived = made && forControls(made.digest, controls, rows.periodRole)
  if (made && derived && base)
    return {
      got: { digest: derived, source: made.source, cacheRefused },
      store: { key: base, digest: made.digest }
    }
  const mine = makeDigest(db, name, rows, controls, how)
  return { got: { ...mine, cacheRefused }, store: own ? { key: own, digest: mine.digest } : null }
}

/** How the caller reads the whole panel, for the cases the stream does not cover. */
export type WholePanel = (rows: PricingRows, controls: string[] | undefined) => PricingDigest

/** How a digest is made when it is not cached: the whole panel's reader, and a second thread for large tables. */
interface MakeWith {
  wholePanel: WholePanel
  parallel?: ParallelRead
}

/** The digest made from the data: streamed row by row (per-item state only), else from the panel read whole. */
function makeDigest(
  db: Db,
  dataset: string,
  rows: PricingRows,
  controls: string[] | undefined,
  how: MakeWith
): { digest: PricingDigest; source: DigestSource } {
  const streamed = streamDigest(db, dataset, rows, controls, how.parallel)
  return streamed
    ? { digest: streamed, source: 'stream' }
    : { digest: how.wholePanel(rows, controls), source: 'panel' }
}

/**
 * The key of the dataset's base digest (its own items, every control) when it can answer a run with these
 * items and controls: the items must be the dataset's own and the run must keep the period (digest-derive.ts).
 */
function baseKey(
  db: Db,
  dataset: string,
  rows: PricingRows,
  controls: string[] | undefined
): DigestCacheKey | null {
  const own = pricingRows(db, dataset)
  if (Array.isArray(rows.itemBy) || rows.itemBy !== own.itemBy || !likelyDerivable(controls, rows.periodRole))
    return null
  return digestCacheKey(db, dataset, own, undefined)
}

/**
 * A short write on a connection of its own (the worker's; the main thread's writer stays free). Failing to
 * cache (a full disk, or the project busy with another write, e.g. an import) costs the next optimize a read,
 * never this one its answer or a wait: it is logged only.
 */
function writeTo(dbPath: string, write: (db: Db) => void): void {
  let db: Db | null = null
  try {
    db = openSqlite(dbPath, { mustExist: true })
    // Busy now means skip, not wait (openSqlite waits up to 5 s for a lock): the digest is what the caller needs.
    db.pragma('busy_timeout = 0')
    write(db)
  } catch (e) {
    console.warn(`PriceLab: the pricing digest was not cached: ${(e as Error).message}`)
  } finally {
    db?.close()
  }
}

/** What preparing a dataset's base digest did: found it cached, made it (how), or nothing to prepare. */
export interface PreparedDigest {
  source: 'cache' | DigestSource | 'none'
  ms: number
}

/**
 * Makes and caches the dataset's base digest (its own items, every control: the entry every run that keeps the
 * period is priced from) unless it is cached already, so that the first optimize after an import or a training
 * run reads it instead of every row of the table. Meant for moments the analyst is not waiting on (after
 * training; after an import in the app). Nothing for the EdTech sample (never cached) or a dataset that is
 * gone; a refusal of the data (missing values, no price variation) is left to the optimize call to report.
 */
export function prepareBaseDigest(
  dbPath: string,
  dataset: string,
  wholePanel: WholePanel,
  parallel?: ParallelRead
): PreparedDigest {
  const t0 = performance.now()
  const db = openSqlite(dbPath, { readonly: true, mustExist: true })
  let made: PricingDigest
  let key: DigestCacheKey | null
  let source: DigestSource
  try {
    // One snapshot for the stamp and the rows (see obtainDigest).
    const found = db.transaction(() => {
      if (dataset === SAMPLE_DATASET || !findDataset(db, dataset)) return null
      const rows = pricingRows(db, dataset)
      const k = digestCacheKey(db, dataset, rows, undefined)
      if (!k || hasDigestEntry(db, k)) return { key: k, made: null }
      return { key: k, made: makeDigest(db, dataset, rows, undefined, { wholePanel, parallel }) }
    })
    if (!found?.key) return { source: 'none', ms: 0 }
    if (!found.made) return { source: 'cache', ms: performance.now() - t0 }
    key = found.key
    ;({ digest: made, source } = found.made)
  } finally {
    db.close()
  }
  const k = key
  writeTo(dbPath, (w) => writeDigestCache(w, k, made))
  return { source, ms: performance.now() - t0 }
}
