/**
 * A fixed-window counter per key (an address or a username), in memory. Used to slow down
 * password guessing on sign-in and account spam on sign-up.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>()
  private readonly limit: number
  private readonly windowMs: number

  constructor(limit: number, windowMs: number) {
    this.limit = limit
    this.windowMs = windowMs
  }

  /** Counts one attempt for each key; false when any of them is over its limit. */
  take(...keys: string[]): boolean {
    const now = Date.now()
    if (this.hits.size > 10_000) this.prune(now)
    let allowed = true
    for (const key of keys) {
      let entry = this.hits.get(key)
      if (!entry || entry.resetAt <= now) {
        entry = { count: 0, resetAt: now + this.windowMs }
        this.hits.set(key, entry)
      }
      entry.count += 1
      if (entry.count > this.limit) allowed = false
    }
    return allowed
  }

  private prune(now: number): void {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key)
  }
}
