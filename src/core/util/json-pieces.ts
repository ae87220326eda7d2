/**
 * `JSON.stringify(value, replacer)`'s text as a sequence of pieces: the same text (same key order, toJSON,
 * replacer calls with the same holder and key, undefined/functions dropped in objects and null in arrays,
 * non-finite numbers as null, a cycle or a BigInt refused), never held whole. Small subtrees (at most SMALL
 * nodes) go to the native `JSON.stringify` in one piece; large arrays and objects are walked here, member by
 * member. One walker serves every writer of large JSON: the server's replies given back in turns
 * (json-in-turns.ts), the CLI's `--json` written in pieces, and a saved pricing run deflated as it is written
 * (a 100k-item run is ~90 MB of JSON; as one string it is also made two bytes a character by a single ε).
 */
export type Replacer = (this: unknown, key: string, value: unknown) => unknown

/** Subtrees with at most this many nodes are serialized natively in one call. */
const SMALL = 256

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

/**
 * A member's value as JSON writes it: the native text of a primitive or small subtree (undefined when it has
 * no JSON form: undefined, a function, a symbol), or the object or array to walk member by member.
 */
function resolve(
  holder: object,
  key: string,
  replacer: Replacer | undefined
): { text: string | undefined } | { walk: object } {
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
  return native ? { text: JSON.stringify(v, skipRoot(replacer)) } : { walk: v as object }
}

/**
 * The JSON text of a large value already written as UTF-8 bytes (exactly `JSON.stringify`'s for it, as a
 * member: no replacer, no toJSON of its own), or undefined: the walk writes it then.
 */
export type Prewritten = (v: object) => Iterable<Uint8Array> | undefined

/**
 * Yields the pieces of `JSON.stringify(value, replacer)`; nothing when the value has no JSON form (the
 * native call's undefined). Each yield is also a point where the caller may give the event loop back.
 */
export function jsonPieces(value: unknown, replacer?: Replacer): Generator<string, void, void> {
  return walkJson(value, replacer, undefined) as Generator<string, void, void>
}

/** `jsonPieces` without a replacer, where the values `prewritten` knows come as their bytes. */
export function jsonParts(
  value: unknown,
  prewritten: Prewritten
): Generator<string | Uint8Array, void, void> {
  return walkJson(value, undefined, prewritten)
}

function* walkJson(
  value: unknown,
  replacer: Replacer | undefined,
  prewritten: Prewritten | undefined
): Generator<string | Uint8Array, void, void> {
  const open: object[] = []

  function* walk(v: object): Generator<string | Uint8Array, void, void> {
    const bytes = prewritten?.(v)
    if (bytes) {
      yield* bytes
      return
    }
    if (open.includes(v)) throw new TypeError('Converting circular structure to JSON')
    open.push(v)
    if (Array.isArray(v)) {
      yield '['
      for (let i = 0; i < v.length; i++) {
        const r = resolve(v, String(i), replacer)
        const sep = i ? ',' : ''
        if ('walk' in r) {
          if (sep) yield sep
          yield* walk(r.walk)
        } else yield sep + (r.text ?? 'null')
      }
      yield ']'
    } else {
      yield '{'
      let first = true
      for (const k of Object.keys(v)) {
        const r = resolve(v, k, replacer)
        if ('text' in r && r.text === undefined) continue
        const head = `${first ? '' : ','}${JSON.stringify(k)}:`
        first = false
        if ('walk' in r) {
          yield head
          yield* walk(r.walk)
        } else yield head + r.text
      }
      yield '}'
    }
    open.pop()
  }

  const top = resolve({ '': value }, '', replacer)
  if ('walk' in top) yield* walk(top.walk)
  else if (top.text !== undefined) yield top.text
}

/**
 * The pieces of `jsonPieces` joined into runs of at least `size` characters (the last may be shorter): fewer,
 * larger writes for a stream or an encoder.
 */
export function joinedPieces(pieces: Iterable<string>, size: number): Generator<string, void, void> {
  return joinedParts(pieces, size) as Generator<string, void, void>
}

/** `joinedPieces` where some parts are bytes: those pass as they are, after the text before them. */
export function* joinedParts(
  parts: Iterable<string | Uint8Array>,
  size: number
): Generator<string | Uint8Array, void, void> {
  let run = ''
  for (const p of parts) {
    if (typeof p !== 'string') {
      if (run) yield run
      run = ''
      yield p
      continue
    }
    run += p
    if (run.length >= size) {
      yield run
      run = ''
    }
  }
  if (run) yield run
}
