import type { Actor } from './Actor.ts'
import type { Logger } from './logger.ts'

/** One open "this changed" stream of one reader. */
export interface FeedSubscriber {
  actor: Actor
  /** Tells the reader to refetch. */
  notify(): void
  /** Ends the stream (the reader lost access or signed out). */
  close(): void
}

/** Whether `actor` may still read what `key` names (a space, a page). */
export type MayRead = (key: string, actor: Actor) => Promise<boolean>

/**
 * Who is watching what on this instance, for live views that refetch (the page tree, the map
 * of links, a page's history). `changed(key)` tells each watcher of `key`, after checking again
 * that they may still read it: one who may not (removed from the space, the page deleted)
 * hears nothing more and is cut off. A notice carries no content: the reader refetches with
 * their own permissions. Notices of one turn of the event loop are merged into one per key.
 */
export class ReaderFeed {
  private readonly subscribers = new Map<string, Set<FeedSubscriber>>()
  private readonly pending = new Set<string>()
  private readonly mayRead: MayRead
  private readonly logger: Logger
  private readonly what: string

  /** `what` names the watchers in logs ("page tree readers"). */
  constructor(mayRead: MayRead, logger: Logger, what: string) {
    this.mayRead = mayRead
    this.logger = logger
    this.what = what
  }

  /** Adds a subscriber to a key; returns a function that removes it. */
  subscribe(key: string, subscriber: FeedSubscriber): () => void {
    let set = this.subscribers.get(key)
    if (!set) this.subscribers.set(key, (set = new Set()))
    set.add(subscriber)
    return () => {
      set.delete(subscriber)
      if (set.size === 0 && this.subscribers.get(key) === set) this.subscribers.delete(key)
    }
  }

  /** How many streams are open on this instance (for tests and metrics). */
  get size(): number {
    let n = 0
    for (const set of this.subscribers.values()) n += set.size
    return n
  }

  /** What `key` names changed: its readers hear of it once the current turn ends. */
  changed(key: string): void {
    if (!this.subscribers.has(key) || this.pending.has(key)) return
    this.pending.add(key)
    setImmediate(() => {
      this.pending.delete(key)
      this.deliver(key, true).catch((err) => this.logger.error({ err, key }, `could not notify ${this.what}`))
    })
  }

  /** Access to `key` may have changed: cut off the streams of those who may no longer read it. */
  recheck(key: string): void {
    this.deliver(key, false).catch((err) => this.logger.error({ err, key }, `could not recheck ${this.what}`))
  }

  /** Access may have changed anywhere (a membership, when keys are pages): recheck every stream. */
  recheckAll(): void {
    for (const key of [...this.subscribers.keys()]) this.recheck(key)
  }

  /** A session ended: its streams close. */
  endSession(sessionId: string): void {
    for (const set of this.subscribers.values()) {
      for (const subscriber of [...set]) if (subscriber.actor.sessionId === sessionId) subscriber.close()
    }
  }

  /** Closes every stream (shutdown). */
  closeAll(): void {
    for (const set of this.subscribers.values()) for (const subscriber of [...set]) subscriber.close()
  }

  private async deliver(key: string, notify: boolean): Promise<void> {
    const set = this.subscribers.get(key)
    if (!set) return
    // One access check per person, however many tabs they have open.
    const mayRead = new Map<string | null, Promise<boolean>>()
    const check = (actor: Actor) => {
      let answer = mayRead.get(actor.userId)
      if (!answer) mayRead.set(actor.userId, (answer = this.mayRead(key, actor)))
      return answer
    }
    for (const subscriber of [...set]) {
      if (!(await check(subscriber.actor))) subscriber.close()
      else if (notify) subscriber.notify()
    }
  }
}
