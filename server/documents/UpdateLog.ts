import type { Db } from '../db/Db.ts'
import { insertLoggedUpdates } from './documentQueries.ts'

interface Pending {
  pageId: string
  update: Uint8Array
  userId: string | null
  /** Encoded CarriedSegments of the update, stored with its row. */
  carried: Uint8Array | null
  resolve: () => void
  reject: (error: unknown) => void
}

/** Rows per INSERT at most (three parameters each, well under Postgres's 65535). */
const MAX_BATCH = 2000
const FIRST_RETRY_MS = 100
const MAX_RETRY_MS = 2000

/**
 * Errors that retrying cannot fix: the page is gone (foreign key) or the row is refused.
 * Anything else — the database restarting, a dropped connection — is retried until it passes.
 */
export function isPermanent(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && /^(23|22)/u.test(code)
}

/**
 * The durable update log with group commit: appends from every connection wait in one queue;
 * while one INSERT is in flight the next batch gathers, then goes as a single INSERT. Each
 * append's promise resolves when the row holding it is committed. While the database is away
 * the batch is retried with backoff and the queue waits in memory, so nothing is dropped; the
 * promise rejects only for a permanent refusal (e.g. the page was deleted).
 */
export class UpdateLog {
  private readonly db: Db
  private queue: Pending[] = []
  private flushing: Promise<void> | null = null
  /** Per page: a promise settled once every append so far for that page is committed. */
  private readonly lastAppend = new Map<string, Promise<void>>()
  private stopped = false
  /** Batches written, rows appended and failed attempts since start, for /metrics. */
  readonly stats = { batches: 0, rows: 0, failures: 0 }
  /** Whether the last attempt to write failed (the database is unreachable). */
  degraded = false

  constructor(db: Db) {
    this.db = db
  }

  /** Appends one update (and the text it carried, if any); resolves once it is committed. */
  append(pageId: string, update: Uint8Array, userId: string | null, carried: Uint8Array | null = null): Promise<void> {
    const durable = new Promise<void>((resolve, reject) => {
      this.queue.push({ pageId, update, userId, carried, resolve, reject })
      this.flushing ??= this.drain()
    })
    const settled = durable.catch(() => {})
    this.lastAppend.set(pageId, settled)
    void settled.then(() => {
      if (this.lastAppend.get(pageId) === settled) this.lastAppend.delete(pageId)
    })
    return durable
  }

  /** Resolves once every update appended so far for the page is committed (or refused). */
  whenDurable(pageId: string): Promise<void> {
    return this.lastAppend.get(pageId) ?? Promise.resolve()
  }

  /** Waits until everything appended so far is settled, or until `timeoutMs` passes. */
  async idle(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (this.flushing) {
      if (Date.now() >= deadline) return false
      await Promise.race([this.flushing, new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - Date.now()))))])
    }
    return true
  }

  /** Gives up on everything still queued (shutdown with the database away): the clients still hold those changes. */
  stop(): void {
    this.stopped = true
    for (const p of this.queue.splice(0)) p.reject(new Error('the server stopped before this update was stored'))
  }

  get backlog(): number {
    return this.queue.length
  }

  private async drain(): Promise<void> {
    // Let appends of the same event-loop turn join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve))
    let delay = FIRST_RETRY_MS
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.slice(0, MAX_BATCH)
      try {
        await insertLoggedUpdates(this.db, batch)
        this.queue.splice(0, batch.length)
        this.stats.batches += 1
        this.stats.rows += batch.length
        this.degraded = false
        delay = FIRST_RETRY_MS
        for (const p of batch) p.resolve()
      } catch (error) {
        this.stats.failures += 1
        if (isPermanent(error) && batch.length === 1) {
          this.queue.shift()
          batch[0].reject(error)
        } else if (isPermanent(error)) {
          // Find the culprit: write the batch's rows one at a time.
          await this.writeOneByOne(batch)
        } else {
          this.degraded = true
          await new Promise((r) => setTimeout(r, delay))
          delay = Math.min(delay * 2, MAX_RETRY_MS)
        }
      }
    }
    this.flushing = null
  }

  private async writeOneByOne(batch: Pending[]): Promise<void> {
    for (const p of batch) {
      try {
        await insertLoggedUpdates(this.db, [p])
        this.stats.rows += 1
        p.resolve()
      } catch (error) {
        if (!isPermanent(error)) return // transient again: leave the rest queued for the retry loop
        p.reject(error)
      }
      this.queue.splice(this.queue.indexOf(p), 1)
    }
  }
}
