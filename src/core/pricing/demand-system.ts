import type { CatalogItem } from './catalog'
import type { DemandFn } from './optimize'
import type { CrossCell } from '../../shared/elasticity/cross'
import { field } from '../util/typed'

/** Item i's quantity moves with item `of`'s price: q_i ∝ (p_of / p0_of)^elasticity, with the 90% interval's ends. */
export interface CrossLink {
  of: number
  elasticity: number
  low: number
  high: number
}

/**
 * The demand system every pricing decision reads: the quantity of every item at a
 * price vector, q_i(p) = baseline_i × own term (p_i / p0_i)^ε_i × Π_j (p_j / p0_j)^γ_ij.
 * `own` answers each item alone (the others at today's prices); `links[i]` lists the
 * items whose price moves item i. As a DemandFn it follows one convention (sample-truth.ts
 * follows it too): a batch naming each item at most once is ONE price vector (items not
 * named at today's prices), cross terms included; a batch naming an item twice is a set
 * of single-item moves, each against today's prices of the others.
 */
export type DemandSystem = DemandFn & {
  /** Per item: the items whose prices move its quantity (empty: no cross terms). */
  links?: CrossLink[][]
}

/** How many cross links the system holds (0: a set of independent curves). */
export function linkCount(d: DemandSystem): number {
  return d.links?.reduce((s, l) => s + l.length, 0) ?? 0
}

/** Adds cross terms to own-price demand (`own`: each item alone, the others at today's prices). */
export function withCross(own: DemandFn, items: CatalogItem[], links: CrossLink[][]): DemandSystem {
  const p0 = field(items, (it) => it.current_price)
  const fn: DemandSystem = async (idx, prices) => {
    const q = await own(idx, prices)
    if (!isVector(idx)) return q
    const p = p0.slice()
    for (let k = 0; k < idx.length; k++) p[idx[k]] = prices[k]
    const out = new Float64Array(idx.length)
    for (let k = 0; k < idx.length; k++) out[k] = q[k] * crossFactor(links[idx[k]], p, p0, 'elasticity')
    return out
  }
  fn.links = links
  // Each item alone (the others at today's prices) carries no cross term: the own curve's answer.
  if (own.alone) fn.alone = own.alone
  return fn
}

/** Whether a batch names each item at most once (one price vector). */
export function isVector(idx: Int32Array): boolean {
  // A mark per index, not a Set: batches hold millions of (item, price) pairs.
  let max = -1
  for (let k = 0; k < idx.length; k++) {
    if (idx[k] < 0) return new Set(idx).size === idx.length
    if (idx[k] > max) max = idx[k]
  }
  const seen = new Uint8Array(max + 1)
  for (let k = 0; k < idx.length; k++) {
    if (seen[idx[k]]) return false
    seen[idx[k]] = 1
  }
  return true
}

/** Π_j (p_j / p0_j)^γ_ij at one end of the cross terms' intervals (or their estimates). */
export function crossFactor(
  links: CrossLink[] | undefined,
  p: ArrayLike<number>,
  p0: ArrayLike<number>,
  at: 'elasticity' | 'low' | 'high'
): number {
  let f = 1
  for (const l of links ?? []) f *= Math.pow(p[l.of] / p0[l.of], l[at])
  return f
}

/** The smallest and largest cross factor over the cross terms' 90% intervals (each term at its worse/better end). */
export function crossFactorRange(
  links: CrossLink[] | undefined,
  p: ArrayLike<number>,
  p0: ArrayLike<number>
): { low: number; high: number } {
  let lo = 1
  let hi = 1
  for (const l of links ?? []) {
    const a = Math.pow(p[l.of] / p0[l.of], l.low)
    const b = Math.pow(p[l.of] / p0[l.of], l.high)
    lo *= Math.min(a, b)
    hi *= Math.max(a, b)
  }
  return { low: lo, high: hi }
}

/**
 * The links of catalog items from a segment × segment matrix inside groups: item i
 * (segment b, group g) depends on the item of segment k in the same group for each
 * cell (on b, of k). `groupOf` gives each item's group (null: none, no links).
 */
export function linksFromCells<T extends Pick<CatalogItem, 'segment'>>(
  items: T[],
  groupOf: (item: T) => string | null,
  cells: Pick<CrossCell, 'on' | 'of' | 'elasticity' | 'ci_low' | 'ci_high'>[]
): CrossLink[][] {
  const slot = new Map<string, number>()
  items.forEach((it, i) => {
    const g = groupOf(it)
    if (g !== null) slot.set(`${g}\u0001${it.segment}`, i)
  })
  const bySegment = new Map<string, typeof cells>()
  for (const c of cells) bySegment.set(c.on, [...(bySegment.get(c.on) ?? []), c])
  return items.map((it) => {
    const g = groupOf(it)
    if (g === null) return []
    const out: CrossLink[] = []
    for (const c of bySegment.get(it.segment) ?? []) {
      const j = slot.get(`${g}\u0001${c.of}`)
      if (j !== undefined) out.push({ of: j, elasticity: c.elasticity, low: c.ci_low, high: c.ci_high })
    }
    return out
  })
}

/**
 * The links of catalog items from an item-level matrix (items competing inside their segment):
 * each cell names both items by id; a cell whose items are not both in the catalog gives no link.
 */
export function linksFromItemCells<T extends Pick<CatalogItem, 'id'>>(
  items: T[],
  cells: Pick<CrossCell, 'on' | 'of' | 'elasticity' | 'ci_low' | 'ci_high'>[]
): CrossLink[][] {
  const index = new Map(items.map((it, i) => [it.id, i]))
  const out: CrossLink[][] = items.map(() => [])
  for (const c of cells) {
    const i = index.get(c.on)
    const j = index.get(c.of)
    if (i !== undefined && j !== undefined && i !== j)
      out[i].push({ of: j, elasticity: c.elasticity, low: c.ci_low, high: c.ci_high })
  }
  return out
}
