/** Who is making a request or holding a connection: a signed-in user, or an anonymous reader. */
export interface Actor {
  userId: string | null
  username: string | null
  /** The session the actor signed in with (revoking it ends their live connections too). */
  sessionId?: string
  /** When that session expires (ms since the epoch); live connections end then too. */
  sessionExpiresAt?: number
}

export const ANONYMOUS: Actor = Object.freeze({ userId: null, username: null })
