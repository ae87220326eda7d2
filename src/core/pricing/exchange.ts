import { MinHeap } from '../util/min-heap'
import type { Binding } from '../../shared/pricing'

/**
 * Portfolio rules by greedy exchange: repeatedly take the move (one item to
 * another of its candidate prices, in the given direction) that gives up the
 * least objective per unit of what the rule needs (volume, average change),
 * until the rule holds. Unlike a Lagrange multiplier this works when an item's
 * objective is not concave in price (revenue plus volume is not, for inelastic
 * demand), and each item moves only as far as the rule requires.
 */
export class Mover {
  /** Item i's candidates by price, ascending (ties in candidate order): order[i * K .. (i + 1) * K). */
  private readonly order: Int32Array
  private readonly pos: Int32Array

  constructor(
    n: number,
    private readonly K: number,
    private readonly P: Float64Array,
    private readonly Q: Float64Array,
    private readonly value: (i: number, p: number, q: number) => number,
    private readonly choice: Int32Array,
    private readonly frozen: Uint8Array
  ) {
    this.order = candidateOrder(n, K, P)
    this.pos = new Int32Array(n)
    for (let i = 0; i < n; i++) this.pos[i] = this.order.subarray(i * K, (i + 1) * K).indexOf(choice[i])
  }

  /** The best next move of item i: its target candidate and the objective lost per unit gained. */
  private next(i: number, dir: -1 | 1, gain: (i: number, from: number, to: number) => number) {
    const { K, P, Q, value } = this
    const from = this.choice[i]
    const vFrom = value(i, P[i * K + from], Q[i * K + from])
    let best = -1
    let bestRatio = Infinity
    for (let j = this.pos[i] + dir; j >= 0 && j < K; j += dir) {
      const to = this.order[i * K + j]
      if (P[i * K + to] === P[i * K + from]) continue
      const g = gain(i, from, to)
      if (!(g > 1e-12)) continue
      const ratio = (vFrom - value(i, P[i * K + to], Q[i * K + to])) / g
      if (ratio < bestRatio) {
        bestRatio = ratio
        best = j
      }
    }
    return best < 0 ? null : { j: best, ratio: bestRatio }
  }

  /** Of all single moves that gain at least `need`, the one that loses the least objective. */
  private cheapestCompleting(
    members: ArrayLike<number>,
    dir: -1 | 1,
    gain: (i: number, from: number, to: number) => number,
    need: number
  ): { item: number; j: number } | null {
    const { K, P, Q, value } = this
    let best: { item: number; j: number } | null = null
    let bestLoss = Infinity
    for (let m = 0; m < members.length; m++) {
      const i = members[m]
      if (this.frozen[i]) continue
      const from = this.choice[i]
      const vFrom = value(i, P[i * K + from], Q[i * K + from])
      for (let j = this.pos[i] + dir; j >= 0 && j < K; j += dir) {
        const to = this.order[i * K + j]
        if (gain(i, from, to) < need) continue
        const loss = vFrom - value(i, P[i * K + to], Q[i * K + to])
        if (loss < bestLoss) {
          bestLoss = loss
          best = { item: i, j }
        }
      }
    }
    return best
  }

  /** Moves items until `need` units are gained; returns what could not be gained. */
  run(
    members: ArrayLike<number>,
    dir: -1 | 1,
    gain: (i: number, from: number, to: number) => number,
    need: number,
    why: Binding[],
    rule: Binding
  ): number {
    const heap = new MinHeap()
    const push = (i: number) => {
      if (this.frozen[i]) return
      const m = this.next(i, dir, gain)
      if (m) heap.push(m.ratio, i, m.j)
    }
    for (let k = 0; k < members.length; k++) push(members[k])
    // Each movable item has exactly one entry in the heap: its best next move from where it stands.
    let left = need
    while (left > 1e-12 && heap.size) {
      const top = heap.pop()
      let move = top
      // A move that would finish the job: take the cheapest move of any item that does, so as not to overshoot.
      if (gain(top.item, this.choice[top.item], this.order[top.item * this.K + top.j]) >= left)
        move = this.cheapestCompleting(members, dir, gain, left) ?? top
      const to = this.order[move.item * this.K + move.j]
      left -= gain(move.item, this.choice[move.item], to)
      this.choice[move.item] = to
      this.pos[move.item] = move.j
      why[move.item] = rule
      if (left > 1e-12) push(move.item)
    }
    return Math.max(0, left)
  }
}

/**
 * Each item's candidates sorted by price, stable (equal prices keep their candidate order), as
 * `[...Array(K).keys()].sort((a, b) => P[a] - P[b])` sorts them. By insertion: the candidates come
 * as a few ascending runs (the grid, today's price, each refinement), so it costs about K per item;
 * the general sort with a comparator cost seconds at 100k items.
 */
export function candidateOrder(n: number, K: number, P: Float64Array): Int32Array {
  const order = new Int32Array(n * K)
  for (let i = 0; i < n; i++) {
    const o = i * K
    for (let k = 0; k < K; k++) {
      const p = P[o + k]
      let j = k
      // Shift only past strictly higher prices: an equal price stays ahead (the sort is stable).
      while (j > 0 && P[o + order[o + j - 1]] - p > 0) {
        order[o + j] = order[o + j - 1]
        j--
      }
      order[o + j] = k
    }
  }
  return order
}
