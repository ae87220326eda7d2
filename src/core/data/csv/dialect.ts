import { DELIMITERS } from '../../../shared/data'
import type { Delimiter } from '../../../shared/data'

const CANDIDATES = DELIMITERS

/**
 * Picks the delimiter that splits the first lines into the same number (> 1) of
 * fields most consistently; quotes are honoured so a comma inside "a, b" does not count.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = splitLogicalLines(sample, 20)
  let best: Delimiter = ','
  let bestScore = -1
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d))
    if (counts.length === 0 || counts[0] === 0) continue
    const head = counts[0]
    const consistent = counts.filter((c) => c === head).length / counts.length
    const score = consistent * 1000 + head
    if (score > bestScore) {
      bestScore = score
      best = d
    }
  }
  return best
}

function splitLogicalLines(s: string, max: number): string[] {
  const out: string[] = []
  let inQ = false
  let start = 0
  for (let i = 0; i < s.length && out.length < max; i++) {
    const c = s[i]
    if (c === '"') inQ = !inQ
    else if ((c === '\n' || c === '\r') && !inQ) {
      if (i > start) out.push(s.slice(start, i))
      start = i + 1
    }
  }
  // The last line may be cut by the sample's end; use it only when it is the only one.
  if (out.length === 0 && start < s.length) out.push(s.slice(start))
  return out
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0
  let inQ = false
  for (const c of line) {
    if (c === '"') inQ = !inQ
    else if (c === d && !inQ) n++
  }
  return n
}
