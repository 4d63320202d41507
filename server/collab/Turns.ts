import type { Metrics } from '../core/metrics.ts'

/**
 * At most `limit` pieces of work at once, the rest waiting first come, first served.
 * Background work on many pages (indexing, compaction) takes its turns here instead of
 * filling the database pool, where the durable log's appends would queue behind it.
 */
export class Turns {
  private readonly limit: number
  private readonly counted: { metrics: Metrics; work: string } | undefined
  private active = 0
  private readonly waiting: (() => void)[] = []

  /** With `counted`, the work running and waiting is reported as `palimpsest_background_work{work}`. */
  constructor(limit: number, counted?: { metrics: Metrics; work: string }) {
    this.limit = limit
    this.counted = counted
  }

  /** Runs `work` in its turn and resolves (or rejects) as it does. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1
    else {
      const turn = new Promise<void>((resolve) => this.waiting.push(resolve))
      this.report()
      await turn
    }
    this.report()
    try {
      return await work()
    } finally {
      // Hand the turn straight to the next in line, or give it back.
      const next = this.waiting.shift()
      if (next) next()
      else this.active -= 1
      this.report()
    }
  }

  private report(): void {
    if (!this.counted) return
    const { metrics, work } = this.counted
    metrics.backgroundWork.set({ work, state: 'running' }, this.active)
    metrics.backgroundWork.set({ work, state: 'waiting' }, this.waiting.length)
  }
}
