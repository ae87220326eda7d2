/** A binary min-heap of (key, item, position) triples. */
export class MinHeap {
  private keys: number[] = []
  private vals: { item: number; j: number }[] = []

  get size(): number {
    return this.keys.length
  }

  push(key: number, item: number, j: number): void {
    this.keys.push(key)
    this.vals.push({ item, j })
    let c = this.keys.length - 1
    while (c > 0) {
      const p = (c - 1) >> 1
      if (this.keys[p] <= this.keys[c]) break
      this.swap(p, c)
      c = p
    }
  }

  pop(): { item: number; j: number } {
    const top = this.vals[0]
    const lastK = this.keys.pop() as number
    const lastV = this.vals.pop() as { item: number; j: number }
    if (this.keys.length) {
      this.keys[0] = lastK
      this.vals[0] = lastV
      let p = 0
      for (;;) {
        const l = 2 * p + 1
        const r = l + 1
        let m = p
        if (l < this.keys.length && this.keys[l] < this.keys[m]) m = l
        if (r < this.keys.length && this.keys[r] < this.keys[m]) m = r
        if (m === p) break
        this.swap(p, m)
        p = m
      }
    }
    return top
  }

  private swap(a: number, b: number): void {
    ;[this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]]
    ;[this.vals[a], this.vals[b]] = [this.vals[b], this.vals[a]]
  }
}
