/** Who is making a request or holding a connection: a signed-in user, or an anonymous reader. */
export interface Actor {
  userId: string | null
  username: string | null
}

export const ANONYMOUS: Actor = Object.freeze({ userId: null, username: null })
