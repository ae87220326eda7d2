import { describe, expect, it } from 'vitest'
import { recordsJsonBytes } from '../../src/backend/json-text'
import { Rng } from '../../src/core/util/rng'

/** Rows as a price sheet has them: numbers, nulls, nested values, and text beyond ASCII (ε, −, an emoji). */
function rows(n: number, seed: number): object[] {
  const r = new Rng(seed)
  const words = ['price', 'ε −0.80', 'do no harm', '😀 peak', 'naïve', 'a "quoted" \\ path\n']
  return Array.from({ length: n }, (_, i) => ({
    item_id: String(i),
    current_price: Math.round(r.uniform(1, 50) * 100) / 100,
    quantity: r.uniform(0, 1) < 0.1 ? null : r.uniform(0, 100) / 3,
    reasoning: words[i % words.length].repeat(1 + (i % 4)),
    bounds: { lo: r.uniform(0, 1), rule: i % 3 ? null : 'max_decrease' },
    skipped: undefined
  }))
}

describe('rows as JSON bytes, a block at a time', () => {
  it('are JSON.stringify(rows) byte for byte, at block edges and beyond ASCII (3 seeds)', () => {
    for (const seed of [1, 2, 3])
      for (const n of [0, 1, 999, 1000, 1001, 2500]) {
        const all = rows(n, seed)
        const pieces = [...recordsJsonBytes(all)]
        expect(Buffer.concat(pieces).toString('utf8')).toBe(JSON.stringify(all))
        // One piece per thousand rows (or one for none): never one piece per row.
        expect(pieces.length).toBe(Math.max(1, Math.ceil(n / 1000)))
      }
  })

  it('keeps every piece it gave out intact while it writes the next ones (the slabs are never reused)', () => {
    const all = rows(5000, 4)
    const pieces = [...recordsJsonBytes(all)]
    const copies = pieces.map((p) => Buffer.from(p))
    pieces.forEach((p, i) => expect(p.equals(copies[i])).toBe(true))
    expect(Buffer.concat(pieces).toString('utf8')).toBe(JSON.stringify(all))
  })
})
