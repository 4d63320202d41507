import type { Metrics } from '../core/metrics.ts'

/**
 * At most `limit` pieces of work at once, the rest waiting first come, first served.
 * Background work on many pages (indexing, compaction) takes its turns here instead of
 * filling the database pool, where the durable log's appends would queue behind it.
 */
export class Turns {
  private readonly limit: number
  private readonly counted: { metrics: Metrics; work: string } | undefined
  private readonly rest: number
  private active = 0
  private readonly waiting: (() => void)[] = []

  /**
   * With `counted`, the work running and waiting is reported as `palimpsest_background_work{work}`.
   * With `rest`, a turn that others wait for is handed on only after a pause of `rest` times the
   * work it ran took: work that is always behind then takes at most 1 / (1 + rest) of each turn's
   * time, and whatever it waits on (the database, the event loop) has the rest for edits.
   */
  constructor(limit: number, counted?: { metrics: Metrics; work: string }, options: { rest?: number } = {}) {
    this.limit = limit
    this.counted = counted
    this.rest = options.rest ?? 0
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
    const started = performance.now()
    try {
      return await work()
    } finally {
      // Hand the turn to the next in line (after the rest), or give it back.
      const next = this.waiting.shift()
      const pause = (performance.now() - started) * this.rest
      if (next && pause > 0) setTimeout(next, pause)
      else if (next) next()
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
