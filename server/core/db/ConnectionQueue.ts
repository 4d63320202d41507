/** Work that holds the connection until its promise settles. */
type Job = () => Promise<unknown>

/** At most this many statements go ahead of a transaction that is waiting to begin. */
const STATEMENTS_AHEAD = 8

/**
 * Who gets PGlite's one connection next. A transaction holds the connection from its BEGIN to
 * its end, across round trips to the server's thread; the durable log's appends run outside
 * transactions, and every acknowledgement waits for one. Queued first come first served, an
 * append waited for the open transaction and for every one that had asked before it, and with
 * pages indexed back to back there always was one (the connection was held 88 % of the time).
 * So a single statement goes ahead of transactions still waiting to begin — never into an open
 * one — and a waiting transaction lets at most STATEMENTS_AHEAD statements pass, so a stream of
 * them cannot starve it.
 */
export class ConnectionQueue {
  private readonly statements: Job[] = []
  private readonly transactions: Job[] = []
  private busy = false
  private passed = 0

  /** Runs a single statement when the connection is free, before waiting transactions. */
  statement<T>(job: () => Promise<T>): Promise<T> {
    return this.enqueue(this.statements, job)
  }

  /** Runs a transaction (`job` settles when it has ended) when the connection is free. */
  transaction<T>(job: () => Promise<T>): Promise<T> {
    return this.enqueue(this.transactions, job)
  }

  private enqueue<T>(queue: Job[], job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push(() => job().then(resolve, reject))
      this.next()
    })
  }

  private next(): void {
    if (this.busy) return
    const statementTurn = this.statements.length > 0 && (this.transactions.length === 0 || this.passed < STATEMENTS_AHEAD)
    const job = statementTurn ? this.statements.shift() : this.transactions.shift()
    if (!job) return
    this.passed = statementTurn && this.transactions.length > 0 ? this.passed + 1 : 0
    this.busy = true
    void job().finally(() => {
      this.busy = false
      this.next()
    })
  }
}
