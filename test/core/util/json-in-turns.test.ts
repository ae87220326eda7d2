import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { stringifyInTurns, type Replacer } from '../../../src/core/util/json-in-turns'

/** Values JSON.stringify treats specially, mixed into arbitrary JSON. */
const odd = fc.constantFrom<unknown>(
  undefined,
  NaN,
  Infinity,
  -Infinity,
  -0,
  () => 1,
  Symbol('s'),
  new Date(Date.UTC(2026, 0, 2)),
  { toJSON: (k: string) => `key:${k}` },
  { toJSON: () => ({ nested: [1, undefined, { toJSON: () => 'inner' }] }) },
  Object.assign(Object.create(null) as object, { b: 1, a: 2, 10: 'ten', 2: 'two' }),
  Number(3),
  new String('boxed'),
  ''
)

const leaf = fc.oneof(fc.jsonValue({ maxDepth: 2 }), odd)
/** Trees deep and wide enough that some subtrees pass the native-call size and are walked in pieces. */
const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 400 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('node'), { maxKeys: 300 })
  )
})).node

/** A replacer that changes values and records every call (holder, key): the order must be the native one. */
function recording(): { replacer: Replacer; calls: string[] } {
  const calls: string[] = []
  const replacer: Replacer = function (this: unknown, key, value) {
    calls.push(`${key}|${typeof value}|${Array.isArray(this) ? 'array' : typeof this}`)
    if (typeof value === 'number' && !Number.isFinite(value)) return `num:${value}`
    if (key === 'a') return undefined
    return value
  }
  return { replacer, calls }
}

describe('stringifyInTurns', () => {
  it('writes exactly what JSON.stringify writes, replacer calls included (fast-check, 300 trees)', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.boolean(), async (value, withReplacer) => {
        const native = recording()
        const mine = recording()
        const expected = JSON.stringify(value, withReplacer ? native.replacer : undefined)
        const got = await stringifyInTurns(value, {
          replacer: withReplacer ? mine.replacer : undefined,
          budgetMs: 0,
          nextTurn: async () => {}
        })
        expect(got).toBe(expected)
        expect(mine.calls).toEqual(native.calls)
      }),
      { numRuns: 300, seed: 33 }
    )
  })

  it('gives the loop back while it works on a large value, and never for a small one (one native call)', async () => {
    const big = { items: Array.from({ length: 5000 }, (_, i) => ({ id: String(i), e: -1.5 + i / 1e4 })) }
    let turns = 0
    const text = await stringifyInTurns(big, {
      budgetMs: 0,
      nextTurn: async () => {
        turns++
      }
    })
    expect(text).toBe(JSON.stringify(big))
    // A turn between any two pieces: one per each of the 5,000 items, and the few brackets and keys around them.
    expect(turns).toBeGreaterThanOrEqual(5000)
    expect(turns).toBeLessThanOrEqual(5005)
    let small = 0
    await stringifyInTurns({ a: [1, 2, 3] }, { budgetMs: 0, nextTurn: async () => void small++ })
    expect(small).toBe(0)
  })

  it('refuses what JSON.stringify refuses: a cycle through a large subtree, a BigInt', async () => {
    const cyclic: { self?: unknown; pad: number[] } = { pad: Array.from({ length: 1000 }, (_, i) => i) }
    cyclic.self = cyclic
    expect(() => JSON.stringify(cyclic)).toThrow(TypeError)
    await expect(stringifyInTurns(cyclic)).rejects.toThrow(TypeError)
    await expect(stringifyInTurns({ n: 1n })).rejects.toThrow(TypeError)
    expect(await stringifyInTurns(undefined)).toBeUndefined()
  })
})
