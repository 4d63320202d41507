import type { Actor } from '../core/Actor.ts'

/** One open inbox stream of a signed-in user. */
export interface InboxSubscriber {
  actor: Actor
  /** Tells the tab to refetch its notifications. */
  notify(): void
  /** Ends the stream. */
  close(): void
}

/**
 * Who has an inbox stream open on this instance. A notice carries no content (the tab
 * refetches with its own permissions, which filter out pages it may no longer read), so it
 * goes to every stream of the user it concerns.
 */
export class NotificationFeed {
  private readonly subscribers = new Map<string, Set<InboxSubscriber>>()

  /** Adds a stream; returns a function that removes it. */
  subscribe(subscriber: InboxSubscriber): () => void {
    const userId = subscriber.actor.userId!
    let set = this.subscribers.get(userId)
    if (!set) this.subscribers.set(userId, (set = new Set()))
    set.add(subscriber)
    return () => {
      set.delete(subscriber)
      if (set.size === 0 && this.subscribers.get(userId) === set) this.subscribers.delete(userId)
    }
  }

  /** How many streams are open on this instance. */
  get size(): number {
    let n = 0
    for (const set of this.subscribers.values()) n += set.size
    return n
  }

  /** These users' inboxes changed. */
  changed(userIds: string[]): void {
    for (const userId of userIds) for (const subscriber of this.subscribers.get(userId) ?? []) subscriber.notify()
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
}
