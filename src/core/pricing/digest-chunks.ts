import { isoToDay } from '../util/dates'
import type { SqlValue } from '../../shared/data/results'
import { StreamLevels } from './digest-stream-parts'

/** Which columns the streamed digest reads, and what each is: the same on every thread that reads rows. */
export interface ReadSpec {
  table: string
  /** The columns selected, in order: price, quantity, item, then segment, period and controls where present. */
  cols: string[]
  /** The period column's place in `cols` (-1: none). */
  kt: number
  /** The segment column's place (-1: none). */
  ks: number
  /** Each control's place and whether it is a number (else text, coded). */
  ctl: { k: number; numeric: boolean }[]
}

/**
 * Rows of the table packed into numbers, in the table's order: what crosses between the threads that read a
 * dataset and the one that digests it (no object per row, arrays moved, never copied). Text (items, segments,
 * text controls) is coded by the packer that read it; `names` are the texts it coded first in this chunk, in
 * code order, so the digesting thread can map its codes to its own.
 */
export interface PackedChunk {
  n: number
  price: Float64Array
  quantity: Float64Array
  item: Int32Array
  segment: Int32Array
  /** Day number of the period (NaN where the text is not a date; 0 without a period). */
  day: Float64Array
  /** n × controls, row by row: a number, or a text control's code. */
  values: Float64Array
  /** Missing values per selected column. */
  nulls: Float64Array
  names: { items: string[]; segs: string[]; levels: string[][] }
}

/** isoToDay per distinct text: a panel repeats each of its few hundred dates thousands of times (Date.parse is slow). */
export function dayCache(): (v: SqlValue) => number {
  const days = new Map<string, number>()
  return (v) => {
    const t = String(v)
    let d = days.get(t)
    if (d === undefined) {
      d = isoToDay(t)
      if (days.size < 100_000) days.set(t, d)
    }
    return d
  }
}

/** Packs rows as SQLite hands them back (`.raw()`), keeping its own codes across the chunks it packs. */
export class ChunkPacker {
  private readonly items = new StreamLevels()
  private readonly segs = new StreamLevels()
  private readonly levels: StreamLevels[]
  private readonly sent: { items: number; segs: number; levels: number[] }
  private readonly dayOf = dayCache()

  constructor(private readonly spec: ReadSpec) {
    this.levels = spec.cols.map(() => new StreamLevels())
    this.sent = { items: 0, segs: 0, levels: spec.cols.map(() => 0) }
  }

  /** Up to `most` rows of `rows` (an iterator left where it stopped), packed; n = 0 when it is exhausted. */
  pack(rows: Iterator<SqlValue[]>, most: number): PackedChunk {
    const { kt, ks, ctl, cols } = this.spec
    const nCtl = ctl.length
    const price = new Float64Array(most)
    const quantity = new Float64Array(most)
    const item = new Int32Array(most)
    const segment = new Int32Array(most)
    const day = new Float64Array(most)
    const values = new Float64Array(most * nCtl)
    const nulls = new Float64Array(cols.length)
    let n = 0
    while (n < most) {
      const next = rows.next()
      if (next.done) break
      const row = next.value
      for (let k = 0; k < row.length; k++) if (row[k] === null) nulls[k]++
      price[n] = Number(row[0])
      quantity[n] = Number(row[1])
      item[n] = this.items.codeOf(row[2])
      segment[n] = ks >= 0 ? this.segs.codeOf(row[ks]) : 0
      day[n] = kt >= 0 ? this.dayOf(row[kt]) : 0
      for (let j = 0; j < nCtl; j++) {
        const c = ctl[j]
        values[n * nCtl + j] = c.numeric ? Number(row[c.k]) : this.levels[c.k].codeOf(row[c.k])
      }
      n++
    }
    return {
      n,
      price,
      quantity,
      item,
      segment,
      day,
      values,
      nulls,
      names: this.newNames()
    }
  }

  /** The texts coded since the last chunk, per coder. */
  private newNames(): PackedChunk['names'] {
    const s = this.sent
    const items = this.items.namesFrom(s.items)
    const segs = this.segs.namesFrom(s.segs)
    const levels = this.levels.map((l, k) => l.namesFrom(s.levels[k]))
    s.items += items.length
    s.segs += segs.length
    levels.forEach((l, k) => (s.levels[k] += l.length))
    return { items, segs, levels }
  }
}

/** The buffers of a chunk, to move it to another thread without copying. */
export function chunkBuffers(c: PackedChunk): ArrayBuffer[] {
  return [c.price, c.quantity, c.item, c.segment, c.day, c.values, c.nulls].map(
    (a) => a.buffer as ArrayBuffer
  )
}

/**
 * One packer's codes in the digesting thread's own: extended with each chunk's new names, in chunk order, so
 * the digest's codes are given in the rows' order of first appearance as a single read gives them.
 */
export class CodeMap {
  readonly items: number[] = []
  readonly segs: number[] = []
  readonly levels: number[][]

  constructor(nCols: number) {
    this.levels = Array.from({ length: nCols }, () => [])
  }

  extend(
    names: PackedChunk['names'],
    own: { items: StreamLevels; segs: StreamLevels; levels: StreamLevels[] }
  ): void {
    for (const nm of names.items) this.items.push(own.items.code(nm))
    for (const nm of names.segs) this.segs.push(own.segs.code(nm))
    names.levels.forEach((l, k) => {
      for (const nm of l) this.levels[k].push(own.levels[k].code(nm))
    })
  }
}
