/** Something SQL can be sent to: the whole database or one transaction. */
export interface Queryable {
  /** Runs one parameterized statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

/**
 * The database, whichever engine is behind it: a Postgres server through Postgres.js (`postgres`), or the
 * embedded PGlite. Both speak the same SQL; domain modules only see this interface.
 */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite'
  /** Runs `work` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  /**
   * Calls `onNotify` for every NOTIFY on `channel`; resolves to a function that stops listening.
   * `onRelisten` runs when the driver lost its listening connection and listened again on a new
   * one: what was notified in between was missed.
   */
  listen(channel: string, onNotify: (payload: string) => void, onRelisten?: () => void): Promise<() => Promise<void>>
  close(): Promise<void>
}
