/**
 * The durable update log as the rest of the server sees it: appends that resolve once their
 * row is committed. Implemented with group commit by documents/UpdateLog.
 */
export interface DurableLog {
  /**
   * Appends one update (with the carried-text record history keeps beside it, if any);
   * resolves once it is committed (rejects only for a permanent refusal).
   */
  append(pageId: string, update: Uint8Array, userId: string | null, carried?: Uint8Array | null): Promise<void>
  /** Resolves once every update appended so far for the page is committed (or refused). */
  whenDurable(pageId: string): Promise<void>
  /** Waits until everything appended so far is settled, or until `timeoutMs` passes. */
  idle(timeoutMs?: number): Promise<boolean>
  /** Gives up on everything still queued (shutdown with the database away). */
  stop(): void
  /** Updates waiting for the database. */
  readonly backlog: number
  /** Batches written, rows appended and failed attempts since start, for /metrics. */
  readonly stats: { batches: number; rows: number; failures: number }
  /** Whether the last attempt to write failed (the database is unreachable). */
  readonly degraded: boolean
}
