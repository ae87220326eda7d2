import { closeSync, openSync, writeSync } from 'node:fs'
import { crc32, deflateRawSync } from 'node:zlib'
import type { XlsxPart } from '../core/export/xlsx/workbook'

interface Entry {
  name: Buffer
  crc: number
  size: number
  compressed: number
  offset: number
}

/** A part's text as UTF-8, joined from its chunks (a 100,000-row sheet is tens of megabytes: fine in memory). */
function partBytes(p: XlsxPart): Buffer {
  const bufs: Buffer[] = []
  for (const c of p.chunks) bufs.push(Buffer.from(c, 'utf8'))
  return Buffer.concat(bufs)
}

function localHeader(e: Entry): Buffer {
  const h = Buffer.alloc(30)
  h.writeUInt32LE(0x04034b50, 0)
  h.writeUInt16LE(20, 4) // version needed
  h.writeUInt16LE(0x0800, 6) // UTF-8 names
  h.writeUInt16LE(8, 8) // deflate
  h.writeUInt32LE(0, 10) // time, date: none (a workbook's bytes depend only on its content)
  h.writeUInt32LE(e.crc, 14)
  h.writeUInt32LE(e.compressed, 18)
  h.writeUInt32LE(e.size, 22)
  h.writeUInt16LE(e.name.length, 26)
  h.writeUInt16LE(0, 28)
  return Buffer.concat([h, e.name])
}

function centralHeader(e: Entry): Buffer {
  const h = Buffer.alloc(46)
  h.writeUInt32LE(0x02014b50, 0)
  h.writeUInt16LE(20, 4)
  h.writeUInt16LE(20, 6)
  h.writeUInt16LE(0x0800, 8)
  h.writeUInt16LE(8, 10)
  h.writeUInt32LE(0, 12)
  h.writeUInt32LE(e.crc, 16)
  h.writeUInt32LE(e.compressed, 20)
  h.writeUInt32LE(e.size, 24)
  h.writeUInt16LE(e.name.length, 28)
  h.writeUInt32LE(e.offset, 42)
  return Buffer.concat([h, e.name])
}

/**
 * Writes the parts as a zip (deflate, no ZIP64: an xlsx part above 4 GB is refused).
 * Returns the file's size in bytes.
 */
export function writeZip(path: string, parts: XlsxPart[]): number {
  const fd = openSync(path, 'w')
  const entries: Entry[] = []
  let offset = 0
  const put = (b: Buffer) => {
    writeSync(fd, b)
    offset += b.length
  }
  try {
    for (const p of parts) {
      const raw = partBytes(p)
      if (raw.length >= 0xffffffff) throw new Error(`${p.path} is over 4 GB: too large for a workbook`)
      // Level 1: speed over size for the 100,000-row bench (figures in the issue-30 notes).
      const data = deflateRawSync(raw, { level: 1 })
      const e: Entry = {
        name: Buffer.from(p.path, 'utf8'),
        crc: crc32(raw),
        size: raw.length,
        compressed: data.length,
        offset
      }
      put(localHeader(e))
      put(data)
      entries.push(e)
    }
    const start = offset
    for (const e of entries) put(centralHeader(e))
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(entries.length, 8)
    end.writeUInt16LE(entries.length, 10)
    end.writeUInt32LE(offset - start, 12)
    end.writeUInt32LE(start, 16)
    put(end)
    return offset
  } finally {
    closeSync(fd)
  }
}
