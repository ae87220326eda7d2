/**
 * MurmurHash3 (x86, 32-bit) over a string's UTF-16 code units: a fast,
 * well-mixed, documented hash that any language can reproduce, so an analyst can
 * re-derive an assignment outside PriceLab.
 */
export function murmur3(text: string, seed: number): number {
  let h = seed >>> 0
  const n = text.length
  const c1 = 0xcc9e2d51
  const c2 = 0x1b873593
  let i = 0
  // Two UTF-16 code units per 32-bit block.
  for (; i + 1 < n; i += 2) {
    let k = (text.charCodeAt(i) & 0xffff) | ((text.charCodeAt(i + 1) & 0xffff) << 16)
    k = Math.imul(k, c1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, c2)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  if (i < n) {
    let k = text.charCodeAt(i) & 0xffff
    k = Math.imul(k, c1)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, c2)
    h ^= k
  }
  h ^= n * 2
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform number in (0, 1) from a seed and a key: 53 bits from two murmur3 hashes. */
export function uniform(seed: number, key: string): number {
  const hi = murmur3(key, seed) >>> 5 // 27 bits
  const lo = murmur3(key, (seed ^ 0x9e3779b9) >>> 0) >>> 6 // 26 bits
  return (hi * 67108864 + lo + 0.5) / 9007199254740992
}

/** A fingerprint of the input data (hex): two independent murmur3 hashes, 64 bits, not cryptographic. */
export function fingerprint(text: string): string {
  const a = murmur3(text, 0x5eed).toString(16).padStart(8, '0')
  const b = murmur3(text, 0xfeed).toString(16).padStart(8, '0')
  return a + b
}
