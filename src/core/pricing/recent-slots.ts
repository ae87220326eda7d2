/** RECENT periods: an item's recent level is its mean quantity per period over its last few periods. */
export const RECENT = 4

/**
 * Each item's RECENT latest distinct periods and their quantity sums, in fixed slots, one row at a time (memory
 * grows with items, not rows: a Map per item held every period of a 10M-row panel). A period pushed out by RECENT
 * later ones can never come back among the latest, so one pass in any row order gives the same sums as keeping
 * them all.
 */
export class RecentSlots {
  private period: number[] = []
  private sum: number[] = []
  private used: number[] = []

  add(it: number, p: number, quantity: number): void {
    while (this.used.length <= it) {
      this.used.push(0)
      for (let k = 0; k < RECENT; k++) {
        this.period.push(-Infinity)
        this.sum.push(0)
      }
    }
    const { period, sum, used } = this
    const base = it * RECENT
    let slot = -1
    for (let k = 0; k < used[it]; k++) if (period[base + k] === p) slot = base + k
    if (slot < 0) {
      if (used[it] < RECENT) slot = base + used[it]++
      else {
        let low = base
        for (let k = 1; k < RECENT; k++) if (period[base + k] < period[low]) low = base + k
        if (!(p > period[low])) return
        slot = low
      }
      period[slot] = p
      sum[slot] = 0
    }
    sum[slot] += quantity
  }

  /** Item `it`'s recent level (0 for an item never seen). */
  level(it: number): number {
    if (!this.used[it]) return 0
    const base = it * RECENT
    const order: number[] = []
    for (let k = 0; k < this.used[it]; k++) order.push(base + k)
    // Latest first, as the sums were always added up.
    order.sort((a, b) => this.period[b] - this.period[a])
    return order.reduce((s, k) => s + this.sum[k], 0) / order.length
  }
}
