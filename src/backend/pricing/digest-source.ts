import { openSqlite } from '../sqlite'
import type { Db } from '../../core/db/port'
import { SAMPLE_DATASET } from '../../core/elasticity/panel'
import { pricingRows, type PricingDigest, type PricingRows } from '../../core/pricing/digest'
import { streamDigest } from '../../core/pricing/digest-stream'
import {
  digestCacheKey,
  readDigestCache,
  writeDigestCache,
  type DigestCacheKey
} from '../../core/pricing/digest-cache'
import type { ItemBy } from '../../core/pricing/catalog'

/** Whether the digest may come from, and go to, the project's digest cache. */
export type DigestCacheUse = 'read-write' | 'read' | 'off'

/** Where a digest came from: the cache, the rows streamed, or the panel read whole. */
export type DigestSource = 'cache' | 'stream' | 'panel'

export interface ObtainedDigest {
  digest: PricingDigest
  source: DigestSource
  /** Why a cached entry was not used although there was one (damaged), else null. */
  cacheRefused: string | null
}

/**
 * Pricing's digest of a dataset, obtained in the cheapest way that gives the same digest: the project's cache
 * when an entry was made from this very dataset (same stamp) with the same settings, else the rows streamed
 * (digest-stream.ts), else the whole panel (`wholePanel`, for the cases streaming does not cover). A fresh
 * digest is cached unless the project is read-only (`use` 'read'). A damaged entry is never served: it is
 * reported (cacheRefused), made again from the data, and replaced.
 */
export function obtainDigest(
  dbPath: string,
  dataset: string | null,
  controls: string[] | undefined,
  itemBy: ItemBy | undefined,
  use: DigestCacheUse,
  wholePanel: (rows: PricingRows) => PricingDigest
): ObtainedDigest {
  const name = dataset ?? SAMPLE_DATASET
  const db = openSqlite(dbPath, { readonly: true, mustExist: true })
  let rows: PricingRows
  let key: DigestCacheKey | null = null
  let streamed: PricingDigest | null
  let cacheRefused: string | null = null
  try {
    rows = pricingRows(db, name, itemBy)
    if (use !== 'off') key = digestCacheKey(db, name, rows, controls)
    if (key) {
      const hit = readDigestCache(db, key)
      if (hit.digest) {
        // Nothing written on a hit (a counter here rewrote the 11 MB entry on every read at 100k items): the
        // run says where its data came from instead (`digest_source`).
        return { digest: hit.digest, source: 'cache', cacheRefused: null }
      }
      cacheRefused = hit.damaged
      if (cacheRefused) console.warn(`PriceLab: ${cacheRefused}; making it again from the data`)
    }
    // Row by row, keeping per-item state only; null where that path does not apply (the panel is read whole).
    streamed = streamDigest(db, name, rows, controls)
  } finally {
    db.close()
  }
  const digest = streamed ?? wholePanel(rows)
  if (key && use === 'read-write') {
    const k = key
    writeTo(dbPath, (w) => writeDigestCache(w, k, digest))
  }
  return { digest, source: streamed ? 'stream' : 'panel', cacheRefused }
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
