import type { Db } from '../db/Db.ts'
import { insertLoggedUpdates } from './documentQueries.ts'

interface Pending {
  pageId: string
  update: Uint8Array
  userId: string | null
  resolve: () => void
  reject: (error: unknown) => void
}

/** Rows per INSERT at most (three parameters each, well under Postgres's 65535). */
const MAX_BATCH = 2000

/**
 * The durable update log with group commit: appends from every connection wait in one queue;
 * while one INSERT is in flight the next batch gathers, then goes as a single INSERT. Each
 * caller's promise settles when the row holding its update is committed (or failed).
 */
export class UpdateLog {
  private readonly db: Db
  private queue: Pending[] = []
  private flushing: Promise<void> | null = null
  /** Batches written and rows appended since start, for /metrics. */
  readonly stats = { batches: 0, rows: 0, failures: 0 }

  constructor(db: Db) {
    this.db = db
  }

  /** Appends one update; resolves once it is committed. */
  append(pageId: string, update: Uint8Array, userId: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ pageId, update, userId, resolve, reject })
      this.flushing ??= this.drain()
    })
  }

  /** Waits until everything appended so far is settled. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  get backlog(): number {
    return this.queue.length
  }

  private async drain(): Promise<void> {
    // Let appends of the same event-loop turn join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve))
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH)
      try {
        await insertLoggedUpdates(this.db, batch)
        this.stats.batches += 1
        this.stats.rows += batch.length
        for (const p of batch) p.resolve()
      } catch (error) {
        this.stats.failures += 1
        for (const p of batch) p.reject(error)
      }
    }
    this.flushing = null
  }
}
