/**
 * `JSON.stringify` that gives the event loop back every few milliseconds: a run's report (≈ 0.7 MB of JSON on
 * the sample) takes 4–8 ms to serialize in one piece, and the thread that does it answers nobody meanwhile.
 * The text is exactly `JSON.stringify(value, replacer)`'s (same key order, toJSON, replacer calls with the same
 * holder and key, undefined/functions dropped in objects and null in arrays, non-finite numbers as null, a
 * cycle or a BigInt refused); only the work is cut into pieces. Small subtrees (at most SMALL nodes) go to the
 * native `JSON.stringify` whole; large arrays and objects are walked here, with a look at the clock between
 * members.
 */
export type Replacer = (this: unknown, key: string, value: unknown) => unknown

export interface InTurnsOptions {
  replacer?: Replacer
  /** Work between two turns, in milliseconds (default 3). */
  budgetMs?: number
  /** How a turn is given back (default: setImmediate, after pending I/O). */
  nextTurn?: () => Promise<void>
}

/** Subtrees with at most this many nodes are serialized natively in one call. */
const SMALL = 256

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Counts the nodes of a subtree, giving up past `limit` (so a large one costs at most `limit` steps here). */
function sizeOver(v: unknown, limit: number): boolean {
  let n = 0
  const stack: unknown[] = [v]
  while (stack.length) {
    const x = stack.pop()
    if (++n > limit) return true
    if (typeof x !== 'object' || x === null) continue
    if (Array.isArray(x)) for (let i = 0; i < x.length; i++) stack.push(x[i])
    else for (const k in x) if (Object.hasOwn(x, k)) stack.push((x as Record<string, unknown>)[k])
  }
  return false
}

const hasToJson = (v: unknown) =>
  (typeof v === 'object' && v !== null) || typeof v === 'bigint'
    ? typeof (v as { toJSON?: unknown }).toJSON === 'function'
    : false

/** The replacer for a native call on a subtree whose root this file already passed through the replacer. */
function skipRoot(replacer: Replacer | undefined): Replacer | undefined {
  if (!replacer) return undefined
  let root = true
  return function (this: unknown, key, value) {
    if (root) {
      root = false
      return value
    }
    return replacer.call(this, key, value)
  }
}

export async function stringifyInTurns(
  value: unknown,
  opts: InTurnsOptions = {}
): Promise<string | undefined> {
  const budget = opts.budgetMs ?? 3
  const nextTurn = opts.nextTurn ?? immediate
  const replacer = opts.replacer
  const out: string[] = []
  const open: object[] = []
  let since = performance.now()

  const pause = async () => {
    if (performance.now() - since < budget) return
    await nextTurn()
    since = performance.now()
  }

  /** SerializeJSONProperty: false when the value has no JSON form (undefined, a function, a symbol). */
  async function property(holder: object, key: string): Promise<boolean> {
    let v = (holder as Record<string, unknown>)[key]
    if (hasToJson(v)) v = (v as { toJSON(k: string): unknown }).toJSON(key)
    if (replacer) v = replacer.call(holder, key, v)
    // Primitives, boxed ones, and small subtrees (whose members' toJSON and replacer the native call applies)
    // in one native call; not a value whose toJSON is still to be skipped (the native call would apply it).
    const native =
      typeof v !== 'object' ||
      v === null ||
      v instanceof Number ||
      v instanceof String ||
      v instanceof Boolean ||
      (!hasToJson(v) && !sizeOver(v, SMALL))
    if (native) {
      const s = JSON.stringify(v, skipRoot(replacer))
      if (s === undefined) return false
      out.push(s)
      return true
    }
    if (open.includes(v as object)) throw new TypeError('Converting circular structure to JSON')
    open.push(v as object)
    if (Array.isArray(v)) await array(v)
    else await object(v as object)
    open.pop()
    return true
  }

  async function array(a: unknown[]): Promise<void> {
    out.push('[')
    for (let i = 0; i < a.length; i++) {
      if (i) out.push(',')
      if (!(await property(a, String(i)))) out.push('null')
      await pause()
    }
    out.push(']')
  }

  async function object(o: object): Promise<void> {
    out.push('{')
    let first = true
    for (const k of Object.keys(o)) {
      const mark = out.length
      out.push(first ? '' : ',', JSON.stringify(k), ':')
      if (await property(o, k)) first = false
      else out.length = mark
      await pause()
    }
    out.push('}')
  }

  return (await property({ '': value }, '')) ? out.join('') : undefined
}
