/**
 * The messages between PgliteWorkerDb (the server's thread) and pgliteWorker (the thread that
 * owns PGlite). Every request has an id and gets one reply with that id; NOTIFY payloads come
 * unasked.
 */
export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] | undefined; tx: number | null }
  | { id: number; op: 'exec'; sql: string; tx: number | null }
  /**
   * Opens a transaction and runs its first statement in it: the reply is that statement's, and
   * carries the transaction's number (`tx`) for later requests, also when the statement failed.
   */
  | { id: number; op: 'begin'; first: Statement }
  /** Commits (or rolls back) the transaction; replied once that is done. */
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; channel: string }
  | { id: number; op: 'close' }

/** What a database error carries across: its message and Postgres's fields (`code` above all). */
export type WorkerError = { message: string } & Record<string, string | number | undefined>

/** A statement as a transaction's first request carries it. */
export type Statement = { op: 'query'; sql: string; params: unknown[] | undefined } | { op: 'exec'; sql: string }

export type WorkerReply =
  | { id: number; value: unknown; tx?: number }
  | { id: number; error: WorkerError; tx?: number }
  | { notify: string; payload: string }
  | { ready: true }
  | { failed: WorkerError }

/** An error's message and its own plain fields, which structured cloning would drop. */
export function toWorkerError(error: unknown): WorkerError {
  if (!(error instanceof Error)) return { message: String(error) }
  const fields: WorkerError = { message: error.message }
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value
  }
  return fields
}

/** The error again on this side, with the same message and fields (`code`, `detail`…). */
export function fromWorkerError(fields: WorkerError): Error {
  return Object.assign(new Error(fields.message), fields)
}
