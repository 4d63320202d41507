/**
 * Paces the rebuilds of a page's search document while the page is being edited. Each index
 * run (about one a second under steady typing) used to rebuild it, and turning a whole page's
 * text into search vectors is the costliest statement of a run: on PGlite it held the
 * database's one thread for milliseconds, ahead of every acknowledgement.
 *
 * A page whose document was not rebuilt in the last `intervalMs` is rebuilt by its index run
 * at once, so a single edit is searchable within about a second as before. Within the interval
 * the run skips it, and the page is rebuilt once when the interval ends, from what is then
 * stored: under steady typing, one rebuild per interval, and always one after the last edit.
 * Those rebuilds run one at a time, outside the index runs' turns: pages whose intervals end
 * together (all reconnecting at once, say) must not take every database connection, which the
 * log's appends, and so every acknowledgement, need.
 */
export class SearchRebuildPacer {
  private readonly pages = new Map<string, { timer: NodeJS.Timeout; wanted: boolean }>()
  /** Pages whose rebuild is due, in order; a page is in it once however often it became due. */
  private readonly due = new Set<string>()
  private draining: Promise<void> | null = null
  private stopped = false
  private readonly rebuild: (pageId: string) => Promise<void>
  private readonly intervalMs: number

  /** `rebuild` brings a page's search document up to date and reports its own failures. */
  constructor(rebuild: (pageId: string) => Promise<void>, intervalMs: number) {
    this.rebuild = rebuild
    this.intervalMs = intervalMs
  }

  /**
   * Asked by an index run about to rebuild the page: true when it should (the interval
   * starts), false when a rebuild is due at the end of the current one instead.
   */
  claim(pageId: string): boolean {
    if (this.stopped) return true
    const entry = this.pages.get(pageId)
    if (!entry) {
      this.startInterval(pageId)
      return true
    }
    entry.wanted = true
    return false
  }

  /** Rebuilds now the pages still waiting for their interval's end, and waits for every rebuild due. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const [pageId, entry] of this.pages) {
      clearTimeout(entry.timer)
      if (entry.wanted) this.start(pageId)
    }
    this.pages.clear()
    await this.draining
  }

  private startInterval(pageId: string): void {
    const timer = setTimeout(() => this.intervalEnded(pageId), this.intervalMs)
    timer.unref()
    this.pages.set(pageId, { timer, wanted: false })
  }

  private intervalEnded(pageId: string): void {
    const entry = this.pages.get(pageId)
    this.pages.delete(pageId)
    if (!entry?.wanted) return
    // This rebuild starts the next interval: edits still coming wait for its end in turn.
    this.startInterval(pageId)
    this.start(pageId)
  }

  private start(pageId: string): void {
    this.due.add(pageId)
    this.draining ??= this.drain()
  }

  private async drain(): Promise<void> {
    // A Set's iteration also visits pages added while it runs.
    for (const pageId of this.due) {
      this.due.delete(pageId)
      // `rebuild` reports its own failures; one failing must not stop the others.
      await this.rebuild(pageId).catch(() => {})
    }
    this.draining = null
  }
}
