import { inflateSync, strFromU8 } from 'fflate'
import { DomainError } from '../../shared/domain-error'
import type { PricingRun } from '../../shared/pricing'
import { readJson, versioned } from '../db/saved-json'
import { PRICING_RUN_FORMAT } from './formats'

/**
 * How `pricing_runs.result_json` holds a run. Since 2026-12-06: bytes, "PLRZ", the envelope's version, then
 * the saved run's JSON text (PRICING_RUN_FORMAT, versioned and checked on read as before) deflated (raw
 * deflate). A 100k-item run is ~90 MB of JSON: SQLite took 1.5–2.5 s of CPU to write it as one text value and
 * the project grew by that much with every optimize; deflated it is ~12 MB. Runs saved before are JSON text
 * and are read as they are.
 */
export const RUN_BODY_MAGIC = [0x50, 0x4c, 0x52, 0x5a] // "PLRZ"
/** The envelope's version (the JSON inside carries its own format_version). */
export const RUN_BODY_VERSION = 1

/** The envelope's first bytes: the mark and its version. */
export function runBodyHeader(): Uint8Array {
  return Uint8Array.from([...RUN_BODY_MAGIC, RUN_BODY_VERSION])
}

/**
 * The saved run as the body holds it, without its id (the body is made before the row and its id exist:
 * `readRunBody` sets the row's own). Its rows are the run's own array, so a writer that has their text already
 * (json-pieces.ts `jsonParts`) writes that: the format has no replacer, so it is `JSON.stringify(run.rows)`.
 */
export function runBodyValue(run: PricingRun): object {
  return versioned(PRICING_RUN_FORMAT, { ...run, run_id: null })
}

const damaged = (why: string) => new DomainError('invalid_input', `the saved pricing run is damaged: ${why}`)

/** The saved run's JSON text: deflated bytes (current) or the text itself (runs saved before deflated bodies). */
export function runBodyText(body: unknown): string {
  if (typeof body === 'string') return body
  if (!(body instanceof Uint8Array)) throw damaged(`its body is ${body === null ? 'empty' : typeof body}`)
  const n = RUN_BODY_MAGIC.length
  if (body.length <= n || RUN_BODY_MAGIC.some((m, i) => body[i] !== m))
    throw damaged('its body is neither JSON text nor a PriceLab run body')
  const version = body[n]
  if (version > RUN_BODY_VERSION)
    throw new DomainError(
      'schema_too_new',
      `this pricing run was saved by a newer PriceLab (run body version ${version}; this version reads up to ${RUN_BODY_VERSION}). Update PriceLab to open it.`
    )
  if (version < 1) throw damaged(`its body has an invalid version ${version}`)
  let bytes: Uint8Array
  try {
    bytes = inflateSync(body.subarray(n + 1))
  } catch (e) {
    throw damaged(`its deflated body cannot be read (${(e as Error).message})`)
  }
  return strFromU8(bytes)
}

/** A stored run: its body read and checked (every number, the schema), its id the row's. */
export function readRunBody(body: unknown, runId: number): PricingRun {
  return { ...readJson(PRICING_RUN_FORMAT, runBodyText(body)), run_id: runId }
}
