import type { Actor } from '../core/Actor.ts'
import type { Db } from '../core/db/Db.ts'
import type { Logger } from '../core/logger.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import { findSpace } from '../spaces/spaceQueries.ts'

/** One open "the tree changed" stream of one reader of a space. */
export interface TreeSubscriber {
  actor: Actor
  /** Tells the reader to refetch the space's pages. */
  notify(): void
  /** Ends the stream (the reader lost access or signed out). */
  close(): void
}

/**
 * Who is watching which space's page tree on this instance. `changed(spaceId)` tells each of
 * them, after checking again that they may still read the space (a member removed since the
 * stream opened hears nothing more and is cut off). A notice carries no content: the reader
 * refetches the pages with their own permissions. Notices of one turn of the event loop are
 * merged into one per space.
 */
export class SpaceTreeFeed {
  private readonly subscribers = new Map<string, Set<TreeSubscriber>>()
  private readonly pending = new Set<string>()
  private readonly db: Db
  private readonly logger: Logger

  constructor(db: Db, logger: Logger) {
    this.db = db
    this.logger = logger
  }

  /** Adds a subscriber to a space; returns a function that removes it. */
  subscribe(spaceId: string, subscriber: TreeSubscriber): () => void {
    let set = this.subscribers.get(spaceId)
    if (!set) this.subscribers.set(spaceId, (set = new Set()))
    set.add(subscriber)
    return () => {
      set.delete(subscriber)
      if (set.size === 0 && this.subscribers.get(spaceId) === set) this.subscribers.delete(spaceId)
    }
  }

  /** How many streams are open on this instance (for tests and metrics). */
  get size(): number {
    let n = 0
    for (const set of this.subscribers.values()) n += set.size
    return n
  }

  /** The tree of a space changed: its readers hear of it once the current turn ends. */
  changed(spaceId: string): void {
    if (!this.subscribers.has(spaceId) || this.pending.has(spaceId)) return
    this.pending.add(spaceId)
    setImmediate(() => {
      this.pending.delete(spaceId)
      this.deliver(spaceId, true).catch((err) => this.logger.error({ err, spaceId }, 'could not notify page tree readers'))
    })
  }

  /** Access to a space changed: cut off the streams of those who may no longer read it. */
  recheck(spaceId: string): void {
    this.deliver(spaceId, false).catch((err) => this.logger.error({ err, spaceId }, 'could not recheck page tree readers'))
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

  private async deliver(spaceId: string, notify: boolean): Promise<void> {
    const set = this.subscribers.get(spaceId)
    if (!set) return
    // One access check per person, however many tabs they have open.
    const mayRead = new Map<string | null, Promise<boolean>>()
    const check = (actor: Actor) => {
      let answer = mayRead.get(actor.userId)
      if (!answer) {
        answer = findSpace(this.db, spaceId, actor.userId).then((space) => Boolean(space && spaceAbilities(actor, space).read))
        mayRead.set(actor.userId, answer)
      }
      return answer
    }
    for (const subscriber of [...set]) {
      if (!(await check(subscriber.actor))) subscriber.close()
      else if (notify) subscriber.notify()
    }
  }
}
