import type { Queryable } from '../db/Db.ts'
import { ANONYMOUS, type Actor } from './Actor.ts'
import { findSessionUser } from './sessionQueries.ts'

/** Turns a session token (bearer, provider token or cookie) into an actor; no token = anonymous. */
export async function resolveActor(db: Queryable, token: string | null): Promise<Actor> {
  if (!token) return ANONYMOUS
  const user = await findSessionUser(db, token)
  return user ? { userId: user.id, username: user.username } : ANONYMOUS
}
