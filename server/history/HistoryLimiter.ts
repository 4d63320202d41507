import { LRUCache } from 'lru-cache'
import pLimit, { type LimitFunction } from 'p-limit'
import type { Limits } from '../core/config.ts'
import { AppError } from '../core/AppError.ts'
import { TokenBucket } from '../limits/TokenBucket.ts'
import type { Metrics } from '../core/metrics.ts'

/** A 429 with the seconds to wait, for the Retry-After header. */
export class HistoryBusyError extends AppError {
  readonly retryAfterSeconds: number

  constructor(message: string, retryAfterMs: number) {
    super(429, 'rate_limited', message)
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  }
}

/**
 * Bounds the expensive history answers (diff, blame, a revision's content), which rebuild a
 * page's whole document: a few computed at once per process, a short queue behind them, a
 * token bucket per caller, and a cache of finished answers between fixed revisions (revisions
 * never change, so such an answer never goes stale). Answers are kept as JSON text, sized by
 * their length.
 */
export class HistoryLimiter {
  private readonly limits: Limits
  private readonly metrics: Metrics
  private readonly running: LimitFunction
  private readonly callers = new LRUCache<string, TokenBucket>({ max: 10_000 })
  private readonly answers: LRUCache<string, string> | null

  constructor(limits: Limits, metrics: Metrics) {
    this.limits = limits
    this.metrics = metrics
    this.running = pLimit(limits.historyConcurrency)
    this.answers = limits.historyCacheBytes > 0
      ? new LRUCache<string, string>({ maxSize: limits.historyCacheBytes, sizeCalculation: (json) => Math.max(1, json.length) })
      : null
  }

  /**
   * The answer as JSON text (`compute` gives it so): from the cache when `cacheKey` names one already computed, else
   * computed in turn for `caller` (a user id or an address). Throws HistoryBusyError when the
   * caller is over their rate or the queue is full. A null `cacheKey` is never cached (it
   * involves the page as it is now).
   */
  async answer(caller: string, cacheKey: string | null, compute: () => Promise<string>): Promise<string> {
    const cached = cacheKey ? this.answers?.get(cacheKey) : undefined
    if (cached !== undefined) return cached
    let bucket = this.callers.get(caller)
    if (!bucket) this.callers.set(caller, (bucket = new TokenBucket(this.limits.historyRequestsPerMinute / 60, this.limits.historyBurst)))
    const wait = bucket.take()
    if (wait > 0) {
      this.metrics.limitRefusals.inc({ limit: 'history-rate' })
      throw new HistoryBusyError('Too many history requests; wait a moment and try again.', wait)
    }
    if (this.running.activeCount + this.running.pendingCount >= this.limits.historyConcurrency + this.limits.historyQueue) {
      this.metrics.limitRefusals.inc({ limit: 'history-queue' })
      throw new HistoryBusyError('The server is busy computing history; try again in a moment.', 1000)
    }
    const json = await this.running(compute)
    if (cacheKey) this.answers?.set(cacheKey, json)
    return json
  }
}
