import type { Db } from '../db/port'
import { findDataset } from '../data/datasets'
import { SAMPLE_DATASET } from '../elasticity/panel'
import type { PricingDigest, PricingRows } from './digest'
import { decodeDigest, DIGEST_HEADER_FORMAT, encodeDigest } from './digest-format'
import { DigestFormatError } from './digest-format-check'

/**
 * Bumped whenever what the digest holds changes (digest.ts, digest-stream.ts, the catalog rules they
 * use): a digest cached by older code then never matches a key again and is made anew.
 */
export const DIGEST_CODE_VERSION = 1

/** Where a digest is cached, and what it must match. */
export interface DigestCacheKey {
  dataset: string
  /** The dataset's stamp: its table, version (bumped by every import under its name), import time, rows, columns, roles. */
  stamp: string
  /** The stamp with the settings that change the digest (items, controls) and the code and format versions. */
  key: string
}

/**
 * The cache key of a dataset's digest under these settings; null for the EdTech sample, whose seed tables
 * carry no version (it is small and read whole).
 */
export function digestCacheKey(
  db: Db,
  dataset: string,
  rows: PricingRows,
  controls?: string[]
): DigestCacheKey | null {
  if (dataset === SAMPLE_DATASET) return null
  const ds = findDataset(db, dataset)
  if (!ds) return null
  const stamp = JSON.stringify({
    table: ds.table,
    version: ds.version,
    importedAt: ds.importedAt,
    rows: ds.rows,
    columns: ds.columns,
    roles: ds.roles
  })
  const key = JSON.stringify({
    code: DIGEST_CODE_VERSION,
    format: DIGEST_HEADER_FORMAT.version,
    dataset,
    stamp,
    itemBy: rows.itemBy,
    period: rows.periodRole,
    controls: controls ?? null
  })
  return { dataset, stamp, key }
}

/** A cache read: the digest, nothing cached, or a cached body that did not read back (why). */
export type DigestCacheRead = { digest: PricingDigest } | { digest: null; damaged: string | null }

function hasCacheTable(db: Db): boolean {
  return !!db
    .prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'pricing_digest_cache'")
    .get()
}

/**
 * The cached digest under this key, decoded and checked (digest-format.ts). A body that does not read back is
 * reported, not thrown: the caller makes the digest from the data again and replaces it (a cache is a shortcut,
 * never the only copy of anything).
 */
export function readDigestCache(db: Db, k: DigestCacheKey): DigestCacheRead {
  if (!hasCacheTable(db)) return { digest: null, damaged: null }
  const row = db.prepare<{ body: unknown }>('SELECT body FROM pricing_digest_cache WHERE key = ?').get(k.key)
  if (!row) return { digest: null, damaged: null }
  if (!(row.body instanceof Uint8Array))
    return { digest: null, damaged: new DigestFormatError('its body is not bytes').message }
  try {
    return { digest: decodeDigest(row.body, k.key) }
  } catch (e) {
    if (e instanceof DigestFormatError) return { digest: null, damaged: e.message }
    throw e
  }
}

/** Whether an entry is stored under this key (not read: whether it reads back is the optimize call's to find). */
export function hasDigestEntry(db: Db, k: DigestCacheKey): boolean {
  return hasCacheTable(db) && !!db.prepare('SELECT 1 AS x FROM pricing_digest_cache WHERE key = ?').get(k.key)
}

/** Cached digests kept per project (each item rule and control choice is its own entry). */
const KEEP = 6

/**
 * Stores a digest under its key, in one short transaction: entries of the dataset under an older stamp
 * (re-imported since) are dropped, and only the newest KEEP entries stay.
 */
export function writeDigestCache(db: Db, k: DigestCacheKey, digest: PricingDigest): void {
  const body = encodeDigest(digest, k.key)
  db.transaction(() => {
    db.prepare('DELETE FROM pricing_digest_cache WHERE dataset = ? AND stamp <> ?').run(k.dataset, k.stamp)
    db.prepare(
      'INSERT OR REPLACE INTO pricing_digest_cache (key, dataset, stamp, body, created_at) VALUES (?, ?, ?, ?, ?)'
    ).run(k.key, k.dataset, k.stamp, body, new Date().toISOString())
    db.prepare(
      'DELETE FROM pricing_digest_cache WHERE key NOT IN (SELECT key FROM pricing_digest_cache ORDER BY created_at DESC, rowid DESC LIMIT ?)'
    ).run(KEEP)
  })
}
