/** Who is making a request or holding a connection: a signed-in user, or an anonymous reader. */
export interface Actor {
  userId: string | null
  username: string | null
  /** The session the actor signed in with (revoking it ends their live connections too). */
  sessionId?: string
}

export const ANONYMOUS: Actor = Object.freeze({ userId: null, username: null })
