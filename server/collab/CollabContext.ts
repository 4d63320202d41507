import type { Actor } from '../core/Actor.ts'

/** What `onAuthenticate` learns about a connection, available to every later hook. */
export interface CollabContext {
  actor: Actor
  pageId: string
  spaceId: string
  /** Set when the document is a proposal's branch of the page (`pageId`), not the page itself. */
  proposalId?: string
  /**
   * Set on a server-side direct connection whose changes are appended to the log before they
   * are applied (relay only after commit); Durability does not log them again.
   */
  loggedByCaller?: boolean
}
