/** Separator of a multi-column key's values (as the string-keyed group-by joined them). */
export const KEY_SEP = 0x1f

/**
 * Interns keys read straight from the text being parsed: a key is one or several character
 * ranges of a string (one per key column), hashed and compared in place, so a key seen before
 * costs no allocation. Each distinct key gets a dense integer id (0, 1, …) in the order first
 * seen; its values are sliced out once, when it is new. Memory grows with distinct keys only.
 */
export class KeyInterner {
  private table = new Int32Array(1024).fill(-1)
  private mask = 1023
  private hashes = new Int32Array(256)
  /** The text of each key part of the lookup in progress. */
  private readonly texts: string[] = []
  /** Each key's values joined by KEY_SEP: what a lookup compares against. */
  private readonly joined: string[] = []
  /** Each key's values, as the panel writes them. */
  readonly values: string[][] = []

  get size(): number {
    return this.joined.length
  }

  /** The id of the key made of s[from[k], to[k]) for k < parts; a new id when it was never seen. */
  idOfRanges(s: string, from: Int32Array, to: Int32Array, parts: number): number {
    for (let k = 0; k < parts; k++) this.texts[k] = s
    return this.idOfParts(this.texts, from, to, parts)
  }

  /** The id of the key made of texts[k].slice(from[k], to[k]) for k < parts; a new id when it was never seen. */
  idOfParts(texts: string[], from: Int32Array, to: Int32Array, parts: number): number {
    let h = 0x811c9dc5
    let len = parts - 1
    for (let k = 0; k < parts; k++) {
      if (k > 0) h = Math.imul(h ^ KEY_SEP, 16777619)
      const s = texts[k]
      for (let i = from[k]; i < to[k]; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
      len += to[k] - from[k]
    }
    let slot = h & this.mask
    for (;;) {
      const id = this.table[slot]
      if (id < 0) break
      if (this.hashes[id] === h && this.sameKey(this.joined[id], len, texts, from, to, parts)) return id
      slot = (slot + 1) & this.mask
    }
    const values: string[] = []
    for (let k = 0; k < parts; k++) values.push(detached(texts[k].slice(from[k], to[k])))
    return this.insert(slot, h, values)
  }

  /** The id of a key given as its values (the slow path: a line that needed the general parser). */
  idOfValues(values: string[]): number {
    const s = values.join(String.fromCharCode(KEY_SEP))
    ONE_FROM[0] = 0
    ONE_TO[0] = s.length
    const before = this.size
    const id = this.idOfRanges(s, ONE_FROM, ONE_TO, 1)
    if (id === before) this.values[id] = values
    return id
  }

  private sameKey(
    key: string,
    len: number,
    texts: string[],
    from: Int32Array,
    to: Int32Array,
    parts: number
  ): boolean {
    if (key.length !== len) return false
    let p = 0
    for (let k = 0; k < parts; k++) {
      if (k > 0 && key.charCodeAt(p++) !== KEY_SEP) return false
      const s = texts[k]
      for (let i = from[k]; i < to[k]; i++) if (key.charCodeAt(p++) !== s.charCodeAt(i)) return false
    }
    return true
  }

  private insert(slot: number, h: number, values: string[]): number {
    const id = this.joined.length
    this.joined.push(values.join(String.fromCharCode(KEY_SEP)))
    this.values.push(values)
    if (id >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2)
      grown.set(this.hashes)
      this.hashes = grown
    }
    this.hashes[id] = h
    this.table[slot] = id
    if (this.joined.length * 2 > this.table.length) this.rehash()
    return id
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1)
    const mask = table.length - 1
    for (let id = 0; id < this.joined.length; id++) {
      let slot = this.hashes[id] & mask
      while (table[slot] >= 0) slot = (slot + 1) & mask
      table[slot] = id
    }
    this.table = table
    this.mask = mask
  }
}

const ONE_FROM = new Int32Array(1)
const ONE_TO = new Int32Array(1)

/**
 * A copy of a slice that does not keep the text it was cut from alive (V8 makes a longer slice
 * a view of its parent: a key cut from a row group's or a range's decoded text would hold that
 * whole text for as long as the key lives). Made once per distinct key.
 */
function detached(slice: string): string {
  return (' ' + slice).slice(1)
}
