/**
 * A fixed-window counter per key (an address or a username), in memory. Used to slow down
 * password guessing on sign-in and account spam on sign-up. One process counts its own
 * requests; behind several instances each allows the limit.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>()
  readonly limit: number
  readonly windowMs: number

  constructor(limit: number, windowMs: number) {
    this.limit = limit
    this.windowMs = windowMs
  }

  /** Counts one attempt against each key. */
  hit(...keys: string[]): void {
    const now = Date.now()
    if (this.hits.size > 10_000) this.prune(now)
    for (const key of keys) {
      let entry = this.hits.get(key)
      if (!entry || entry.resetAt <= now) {
        entry = { count: 0, resetAt: now + this.windowMs }
        this.hits.set(key, entry)
      }
      entry.count += 1
    }
  }

  /** Milliseconds until every key is under its limit again; 0 when none is over it. */
  blockedFor(...keys: string[]): number {
    const now = Date.now()
    let wait = 0
    for (const key of keys) {
      const entry = this.hits.get(key)
      if (entry && entry.resetAt > now && entry.count >= this.limit) wait = Math.max(wait, entry.resetAt - now)
    }
    return wait
  }

  /** Counts one attempt for each key unless one is already at its limit; returns the wait (0 = allowed). */
  take(...keys: string[]): number {
    const wait = this.blockedFor(...keys)
    if (wait === 0) this.hit(...keys)
    return wait
  }

  private prune(now: number): void {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key)
  }
}
