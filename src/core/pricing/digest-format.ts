import { strFromU8, strToU8 } from 'fflate'
import { z } from 'zod'
import { readJson, saveJson, type SavedFormat } from '../db/saved-json'
import type { Control, Panel } from '../elasticity/panel'
import type { PricingDigest } from './digest'
import { checkDigestNumbers, DigestFormatError } from './digest-format-check'

/**
 * The pricing digest as the project caches it (pricing_digest_cache.body): "PLDG", the header's
 * byte length (u32), the header (versioned JSON: names, levels, counts, the few scalars), then
 * the digest's arrays as raw little-endian bytes, each 8-byte aligned, in a fixed order derived
 * from the header's counts (so a header cannot point an array anywhere else). 96k items: ~10 MB,
 * read back in milliseconds, where JSON of the same arrays took seconds to parse.
 */
const MAGIC = [0x50, 0x4c, 0x44, 0x47] // "PLDG"

const controlSchema = z.object({
  name: z.string(),
  kind: z.enum(['numeric', 'categorical', 'cyclic']),
  levels: z.array(z.string()).optional(),
  period: z.number().int().positive().optional()
})

const count = z.number().int().nonnegative()

const headerSchema = z.object({
  /** The cache key the body was written under: a body moved under another key is refused. */
  key: z.string(),
  itemBy: z.union([z.enum(['item', 'segment']), z.array(z.string()).min(1)]),
  /** Null: the same as panel.itemIds (items by item). */
  names: z.array(z.string()).nullable(),
  season: z.array(z.number().nonnegative()).length(52).nullable(),
  nextWeek: z.number().int().min(0).max(51).nullable(),
  prices: z.object({ distinct: count, n: count }),
  panel: z.object({
    dataset: z.string(),
    version: z.number().int(),
    n: count,
    itemIds: z.array(z.string()),
    segments: z.array(z.string()).min(1),
    segmentName: z.string(),
    controls: z.array(controlSchema),
    period: z.boolean(),
    itemLogPrice: z.boolean(),
    truth: z.record(z.string(), z.number()).nullable(),
    warnings: z.array(z.string())
  })
})

type DigestHeader = z.infer<typeof headerSchema>

/** The header's saved format: bump `version` whenever the layout of the header or the arrays changes. */
export const DIGEST_HEADER_FORMAT: SavedFormat<DigestHeader> = {
  what: 'cached pricing digest',
  version: 1,
  schema: headerSchema
}

type Kind = 'f64' | 'i32' | 'u32'
const BYTES = 8

/** The arrays of a digest in body order, with their element kind and length (from the header alone). */
function layout(h: DigestHeader): { name: string; kind: Kind; length: number }[] {
  const n = h.panel.n
  const keys = (h.names ?? h.panel.itemIds).length
  const out: { name: string; kind: Kind; length: number }[] = [
    { name: 'origin', kind: 'u32', length: n },
    { name: 'start', kind: 'i32', length: keys + 1 },
    { name: 'lo', kind: 'f64', length: keys },
    { name: 'hi', kind: 'f64', length: keys },
    { name: 'recent', kind: 'f64', length: keys },
    { name: 'prices.values', kind: 'f64', length: h.prices.distinct },
    { name: 'prices.counts', kind: 'f64', length: h.prices.distinct },
    { name: 'item', kind: 'i32', length: n },
    { name: 'segment', kind: 'i32', length: n },
    { name: 'price', kind: 'f64', length: n },
    { name: 'quantity', kind: 'f64', length: n },
    { name: 'refPrice', kind: 'f64', length: n }
  ]
  if (h.panel.period) out.push({ name: 'period', kind: 'i32', length: n })
  if (h.panel.itemLogPrice) out.push({ name: 'itemLogPrice', kind: 'f64', length: h.panel.itemIds.length })
  h.panel.controls.forEach((c) => out.push({ name: `control ${c.name}`, kind: 'f64', length: n }))
  return out
}

const padded = (bytes: number) => Math.ceil(bytes / BYTES) * BYTES
const width = (k: Kind) => (k === 'f64' ? 8 : 4)

/** The digest's arrays in layout order. */
function arraysOf(d: PricingDigest): ArrayBufferView[] {
  const p = d.panel
  const out: ArrayBufferView[] = [
    d.origin,
    d.start,
    d.lo,
    d.hi,
    d.recent,
    d.prices.values,
    d.prices.counts,
    p.item,
    p.segment,
    p.price,
    p.quantity,
    p.refPrice
  ]
  if (p.period) out.push(p.period)
  if (p.itemLogPrice) out.push(p.itemLogPrice)
  p.controls.forEach((c) => out.push(c.values))
  return out
}

const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/** The digest as cache bytes under `key`. */
export function encodeDigest(d: PricingDigest, key: string): Uint8Array {
  if (!littleEndian) throw new Error('the pricing digest cache is written on little-endian hosts only')
  const p = d.panel
  if (p.sampled) throw new Error('a digest of a sampled panel is not cached')
  const header: DigestHeader = {
    key,
    itemBy: d.itemBy,
    names: sameStrings(d.names, p.itemIds) ? null : d.names,
    season: d.season,
    nextWeek: d.nextWeek,
    prices: { distinct: d.prices.values.length, n: d.prices.n },
    panel: {
      dataset: p.dataset,
      version: p.version,
      n: p.n,
      itemIds: p.itemIds,
      segments: p.segments,
      segmentName: p.segmentName,
      controls: p.controls.map(({ values: _v, ...c }) => c),
      period: !!p.period,
      itemLogPrice: !!p.itemLogPrice,
      truth: p.truth,
      warnings: p.warnings
    }
  }
  const head = strToU8(saveJson(DIGEST_HEADER_FORMAT, header))
  const arrays = arraysOf(d)
  const lay = layout(header)
  let size = padded(8 + head.length)
  lay.forEach((a, k) => {
    if (arrays[k].byteLength !== a.length * width(a.kind))
      throw new Error(
        `the digest's ${a.name} has ${arrays[k].byteLength} bytes, not ${a.length * width(a.kind)}`
      )
    size += padded(arrays[k].byteLength)
  })
  const out = new Uint8Array(size)
  out.set(MAGIC, 0)
  new DataView(out.buffer).setUint32(4, head.length, true)
  out.set(head, 8)
  let at = padded(8 + head.length)
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at)
    at += padded(a.byteLength)
  }
  return out
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k])
}

/**
 * The digest a cache body holds, checked: the magic, the header (versioned, zod), the body's exact length
 * for the header's counts, the key it was written under, and every number (digest-format-check.ts). Any
 * failure is a DigestFormatError naming what is wrong; each array is copied into its own buffer.
 */
export function decodeDigest(body: Uint8Array, key: string): PricingDigest {
  if (!littleEndian) throw new DigestFormatError('this host is not little-endian')
  if (body.length < 8 || !MAGIC.every((m, k) => body[k] === m))
    throw new DigestFormatError('it does not start with the digest mark "PLDG"')
  const headLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(4, true)
  if (8 + headLength > body.length) throw new DigestFormatError('its header runs past its end')
  let h: DigestHeader
  try {
    h = readJson(DIGEST_HEADER_FORMAT, strFromU8(body.subarray(8, 8 + headLength)))
  } catch (e) {
    throw new DigestFormatError((e as Error).message)
  }
  if (h.key !== key) throw new DigestFormatError('it was written under another dataset stamp or settings')
  const lay = layout(h)
  const expected = lay.reduce((s, a) => s + padded(a.length * width(a.kind)), padded(8 + headLength))
  if (body.length !== expected)
    throw new DigestFormatError(`it has ${body.length} bytes where its header's counts make ${expected}`)
  let at = padded(8 + headLength)
  const arrays = new Map<string, Float64Array | Int32Array | Uint32Array>()
  for (const a of lay) {
    // A copy into a buffer of its own (a Node Buffer's slice would be a view of SQLite's whole blob, or of a pool).
    const bytes = new Uint8Array(a.length * width(a.kind))
    bytes.set(body.subarray(at, at + bytes.length))
    arrays.set(a.name, viewOf(a.kind, bytes.buffer))
    at += padded(bytes.byteLength)
  }
  const digest = assemble(h, arrays)
  checkDigestNumbers(digest)
  return digest
}

function viewOf(kind: Kind, buffer: ArrayBuffer): Float64Array | Int32Array | Uint32Array {
  if (kind === 'f64') return new Float64Array(buffer)
  return kind === 'i32' ? new Int32Array(buffer) : new Uint32Array(buffer)
}

function assemble(h: DigestHeader, a: Map<string, Float64Array | Int32Array | Uint32Array>): PricingDigest {
  const f64 = (k: string) => a.get(k) as Float64Array
  const i32 = (k: string) => a.get(k) as Int32Array
  const p = h.panel
  const controls: Control[] = p.controls.map((c) => ({ ...c, values: f64(`control ${c.name}`) }))
  const panel: Panel = {
    dataset: p.dataset,
    version: p.version,
    n: p.n,
    item: i32('item'),
    itemIds: p.itemIds,
    segment: i32('segment'),
    segments: p.segments,
    segmentName: p.segmentName,
    price: f64('price'),
    quantity: f64('quantity'),
    refPrice: f64('refPrice'),
    controls,
    ...(p.period ? { period: i32('period') } : {}),
    truth: p.truth,
    warnings: p.warnings,
    ...(p.itemLogPrice ? { itemLogPrice: f64('itemLogPrice') } : {})
  }
  return {
    itemBy: h.itemBy,
    panel,
    origin: a.get('origin') as Uint32Array,
    names: h.names ?? p.itemIds,
    start: i32('start'),
    lo: f64('lo'),
    hi: f64('hi'),
    recent: f64('recent'),
    season: h.season,
    nextWeek: h.nextWeek,
    prices: { values: f64('prices.values'), counts: f64('prices.counts'), n: h.prices.n }
  }
}
