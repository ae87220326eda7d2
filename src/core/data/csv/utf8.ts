/**
 * Offset of the first byte that is not valid UTF-8, or -1. A sequence cut off at
 * the end of a non-final chunk is not an error: it completes in the next chunk.
 */
export function findInvalidUtf8(b: Uint8Array, final: boolean): number {
  const n = b.length
  let i = 0
  while (i < n) {
    const c = b[i]
    if (c < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1
      min = 0x80
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      min = 0x800
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      min = 0x10000
    } else return i
    if (i + need >= n) {
      // A sequence cut by the chunk's end: valid so far means "wait for the next chunk".
      if (final) return i
      for (let k = i + 1; k < n; k++) if ((b[k] & 0xc0) !== 0x80) return i
      return -1
    }
    let cp = c & (0xff >> (need + 2))
    for (let k = 1; k <= need; k++) {
      const x = b[i + k]
      if ((x & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (x & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}
