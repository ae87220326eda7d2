import { Inflate, strFromU8, strToU8 } from 'fflate'

/** One file of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string
  method: number
  flags: number
  crc: number
  compressedSize: number
  /** As declared; the real size is known only once unpacked (a hostile file may lie). */
  declaredSize: number
  /** Where the entry's compressed bytes start. */
  dataStart: number
}

/** Why a zip cannot be read; the caller turns it into a message about the workbook. */
export class ZipFormatError extends Error {
  constructor(
    message: string,
    readonly kind: 'truncated' | 'damaged' | 'too-large' | 'unsupported'
  ) {
    super(message)
    this.name = 'ZipFormatError'
  }
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/**
 * The entries of a zip archive, read from its central directory. Every offset and
 * length is checked against the file's size first, so a file cut off anywhere is
 * refused here ("truncated") instead of being handed to a parser that may loop on it.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const eocd = findEndOfDirectory(view)
  if (eocd < 0) throw new ZipFormatError('the end of the archive is missing', 'truncated')
  const count = view.getUint16(eocd + 10, true)
  const dirSize = view.getUint32(eocd + 12, true)
  const dirStart = view.getUint32(eocd + 16, true)
  if (dirStart === 0xffffffff || count === 0xffff)
    throw new ZipFormatError('it is a ZIP64 archive (larger than 4 GB)', 'unsupported')
  if (dirStart + dirSize > eocd) throw new ZipFormatError('its directory points past its end', 'truncated')
  const entries: ZipEntry[] = []
  let at = dirStart
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL)
      throw new ZipFormatError(`directory entry ${i + 1} is damaged`, 'damaged')
    const nameLen = view.getUint16(at + 28, true)
    const extraLen = view.getUint16(at + 30, true)
    const commentLen = view.getUint16(at + 32, true)
    const name = strFromU8(bytes.subarray(at + 46, at + 46 + nameLen))
    const local = view.getUint32(at + 42, true)
    const compressedSize = view.getUint32(at + 20, true)
    entries.push({
      name,
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize,
      declaredSize: view.getUint32(at + 24, true),
      dataStart: localDataStart(view, local, name, compressedSize)
    })
    at += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

function localDataStart(view: DataView, local: number, name: string, size: number): number {
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL)
    throw new ZipFormatError(`the part "${name}" is missing`, 'truncated')
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
  if (start + size > view.byteLength) throw new ZipFormatError(`the part "${name}" is cut off`, 'truncated')
  return start
}

/** The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes. */
function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22
  for (let at = last; at >= 0 && at >= last - 0xffff; at--)
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= view.byteLength)
      return at
  return -1
}

/**
 * The unpacked bytes of one entry, never more than `limit`: the real size is
 * enforced while inflating, so a "zip bomb" that declares small sizes is stopped
 * at the limit instead of filling memory.
 */
export function unpackEntry(bytes: Uint8Array, e: ZipEntry, limit: number): Uint8Array {
  if (e.flags & 0x41) throw new ZipFormatError('it is password-protected', 'unsupported')
  const raw = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize)
  if (e.method === 0) {
    if (raw.length > limit)
      throw new ZipFormatError(`"${e.name}" unpacks to more than the limit`, 'too-large')
    return raw
  }
  if (e.method !== 8)
    throw new ZipFormatError(`the part "${e.name}" uses compression method ${e.method}`, 'unsupported')
  return inflateLimited(raw, e.name, limit)
}

/** Inflates in 64 KB input slices so a bomb is stopped within one slice's output of the limit. */
function inflateLimited(raw: Uint8Array, name: string, limit: number): Uint8Array {
  const chunks: Uint8Array[] = []
  let size = 0
  const inflate = new Inflate((chunk) => {
    size += chunk.length
    if (size > limit) throw new ZipFormatError(`"${name}" unpacks to more than the limit`, 'too-large')
    chunks.push(chunk)
  })
  try {
    const step = 1 << 16
    for (let at = 0; at < raw.length || at === 0; at += step)
      inflate.push(raw.subarray(at, at + step), at + step >= raw.length)
  } catch (err) {
    if (err instanceof ZipFormatError) throw err
    throw new ZipFormatError(`the part "${name}" cannot be unpacked (${(err as Error).message})`, 'damaged')
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/**
 * A new archive holding the given parts uncompressed ("stored"): the CRCs stay
 * valid (they are of the unpacked bytes), and the parser gets nothing but the parts
 * chosen, already checked against the size limit.
 */
export function storedZip(parts: { name: string; crc: number; data: Uint8Array }[]): Uint8Array {
  const names = parts.map((p) => strToU8(p.name))
  const localSize = parts.reduce((s, p, i) => s + 30 + names[i].length + p.data.length, 0)
  const dirSize = names.reduce((s, n) => s + 46 + n.length, 0)
  const out = new Uint8Array(localSize + dirSize + 22)
  const view = new DataView(out.buffer)
  const offsets: number[] = []
  let at = 0
  parts.forEach((p, i) => {
    offsets.push(at)
    view.setUint32(at, LOCAL, true)
    view.setUint16(at + 4, 20, true)
    view.setUint32(at + 14, p.crc, true)
    view.setUint32(at + 18, p.data.length, true)
    view.setUint32(at + 22, p.data.length, true)
    view.setUint16(at + 26, names[i].length, true)
    out.set(names[i], at + 30)
    out.set(p.data, at + 30 + names[i].length)
    at += 30 + names[i].length + p.data.length
  })
  const dirStart = at
  parts.forEach((p, i) => {
    view.setUint32(at, CENTRAL, true)
    view.setUint16(at + 4, 20, true)
    view.setUint16(at + 6, 20, true)
    view.setUint32(at + 16, p.crc, true)
    view.setUint32(at + 20, p.data.length, true)
    view.setUint32(at + 24, p.data.length, true)
    view.setUint16(at + 28, names[i].length, true)
    view.setUint32(at + 42, offsets[i], true)
    out.set(names[i], at + 46)
    at += 46 + names[i].length
  })
  view.setUint32(at, EOCD, true)
  view.setUint16(at + 8, parts.length, true)
  view.setUint16(at + 10, parts.length, true)
  view.setUint32(at + 12, at - dirStart, true)
  view.setUint32(at + 16, dirStart, true)
  return out
}
