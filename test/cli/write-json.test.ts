import { describe, expect, it } from 'vitest'
import { writeJson } from '../../src/cli/io'

/** What `writeJson` writes, and in how many pieces. */
function written(doc: Record<string, unknown>): { text: string; pieces: number } {
  const out: string[] = []
  writeJson({ out: (s) => void out.push(s) }, doc)
  return { text: out.join(''), pieces: out.length }
}

const row = (i: number) => ({
  item_id: String(i),
  reasoning: `best revenue on the causal (ε −1.2) curve, "quoted", item ${i}`,
  price: i / 7,
  flag: i % 2 === 0,
  nothing: null,
  gone: undefined
})

describe("the CLI's --json, written in pieces", () => {
  it('is JSON.stringify(doc) byte for byte, with a long last array written in pieces', () => {
    const doc = {
      db: '/tmp/x',
      run_id: 3,
      unit: { label: 'currency' },
      skipped: undefined,
      rows: Array.from({ length: 30_000 }, (_, i) => row(i))
    }
    const w = written(doc)
    expect(w.text).toBe(JSON.stringify(doc) + '\n')
    expect(w.pieces).toBeGreaterThan(1)
  })

  it('writes holes, undefined and functions in the array as JSON does (null)', () => {
    const rows: unknown[] = Array.from({ length: 2000 }, (_, i) => (i % 3 ? row(i) : undefined))
    rows[5] = () => 1
    rows.length = 2100 // a hole at the end
    for (const doc of [{ rows }, { a: undefined, rows }, { a: 1, rows }])
      expect(written(doc).text).toBe(JSON.stringify(doc) + '\n')
  })

  it('writes a short document, or one not ending in an array, in one piece', () => {
    for (const doc of [
      {},
      { a: 1 },
      { rows: [1, 2] },
      { rows: Array.from({ length: 5000 }, (_, i) => i), tail: 'x' }
    ]) {
      const w = written(doc)
      expect(w.text).toBe(JSON.stringify(doc) + '\n')
      expect(w.pieces).toBe(1)
    }
  })

  it('writes a part already written as bytes as it is (the rows a save kept), the same text', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(i))
    const doc = { db: '/tmp/x', label: 'causal (p/p₀)^ε', rows, after: 1 }
    const bytes = [Buffer.from(JSON.stringify(rows))]
    const out: (string | Uint8Array)[] = []
    writeJson({ out: (s) => void out.push(s), outBytes: (b) => void out.push(b) }, doc, (v) =>
      v === rows ? bytes : undefined
    )
    expect(Buffer.concat(out.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString()).toBe(
      JSON.stringify(doc) + '\n'
    )
    // The very bytes given: the rows were not serialized again.
    expect(out.filter((p) => typeof p !== 'string')).toEqual([bytes[0]])
    expect(out.find((p) => typeof p !== 'string')).toBe(bytes[0])
  })
})
