import { open } from 'node:fs/promises'
import type { RandomAccessFile } from '../core/data/import/parquet'

/** A file on disk read by byte ranges (for Parquet), and how to close it. */
export async function openRandomAccess(path: string): Promise<RandomAccessFile & { close(): Promise<void> }> {
  const handle = await open(path, 'r')
  const { size } = await handle.stat()
  return {
    byteLength: size,
    async read(start, end) {
      const out = new Uint8Array(Math.max(0, Math.min(end, size) - start))
      let at = 0
      while (at < out.length) {
        const { bytesRead } = await handle.read(out, at, out.length - at, start + at)
        if (bytesRead === 0) break
        at += bytesRead
      }
      return at === out.length ? out : out.subarray(0, at)
    },
    close: () => handle.close()
  }
}
