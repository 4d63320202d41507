/**
 * A token bucket: `burst` tokens at most, refilled at `ratePerSecond`. Each message or request
 * takes one; when none is left it is refused. Refilled lazily from the clock on each take, so
 * an idle bucket costs nothing.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number
  private readonly ratePerMs: number
  private readonly burst: number

  constructor(ratePerSecond: number, burst: number, now = Date.now()) {
    this.ratePerMs = ratePerSecond / 1000
    this.burst = burst
    this.tokens = burst
    this.updatedAt = now
  }

  /** Takes one token; returns 0 when there was one, else the milliseconds until there will be. */
  take(now = Date.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) * this.ratePerMs)
    this.updatedAt = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return 0
    }
    return Math.ceil((1 - this.tokens) / this.ratePerMs)
  }
}
