import { findInvalidUtf8 } from './utf8'

import type { EncodingGuess } from '../../../shared/data/results'

/**
 * Guesses the encoding from the first bytes: a byte-order mark decides; text with
 * NUL bytes on every other position is UTF-16 without a mark; otherwise bytes that
 * are not valid UTF-8 mean a single-byte Western encoding. Windows-1252 is chosen
 * over ISO-8859-1 because it is its superset for every printable character (what
 * European spreadsheet exports write, and how browsers read "latin1").
 */
export function sniffEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', reason: 'bom' }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', reason: 'bom' }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', reason: 'bom' }
  const n = Math.min(head.length, 4096)
  if (n >= 4) {
    let evenNul = 0
    let oddNul = 0
    for (let i = 0; i + 1 < n; i += 2) {
      if (head[i] === 0) evenNul++
      if (head[i + 1] === 0) oddNul++
    }
    const pairs = Math.floor(n / 2)
    if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return { encoding: 'utf-16le', reason: 'nul-bytes' }
    if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return { encoding: 'utf-16be', reason: 'nul-bytes' }
  }
  return findInvalidUtf8(head, false) >= 0
    ? { encoding: 'windows-1252', reason: 'invalid-utf8' }
    : { encoding: 'utf-8', reason: 'valid-utf8' }
}
