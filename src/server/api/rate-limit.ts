/**
 * A token bucket per client address: `perSecond` requests a second, bursts up to one second's
 * worth. take() answers 0 when the request may go, else the seconds until it may.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now()
  ) {}

  take(client: string): number {
    if (this.perSecond <= 0) return 0
    const t = this.now()
    let b = this.buckets.get(client)
    if (!b) {
      // Idle buckets are full anyway: forget them so many clients cannot grow the map forever.
      if (this.buckets.size > 10_000) this.buckets.clear()
      this.buckets.set(client, (b = { tokens: this.perSecond, at: t }))
    }
    b.tokens = Math.min(this.perSecond, b.tokens + ((t - b.at) / 1000) * this.perSecond)
    b.at = t
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return (1 - b.tokens) / this.perSecond
  }
}
