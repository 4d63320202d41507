import type { Actor } from '../core/Actor.ts'

/** What `onAuthenticate` learns about a connection, available to every later hook. */
export interface CollabContext {
  actor: Actor
  pageId: string
  spaceId: string
}
