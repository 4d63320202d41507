/**
 * At most `limit` pieces of work at once, the rest waiting first come, first served.
 * Background work on many pages (indexing, compaction) takes its turns here instead of
 * filling the database pool, where the durable log's appends would queue behind it.
 */
export class Turns {
  private readonly limit: number
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(limit: number) {
    this.limit = limit
  }

  /** Runs `work` in its turn and resolves (or rejects) as it does. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    try {
      return await work()
    } finally {
      // Hand the turn straight to the next in line, or give it back.
      const next = this.waiting.shift()
      if (next) next()
      else this.active -= 1
    }
  }
}
