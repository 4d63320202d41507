import type { Queryable } from '../core/db/Db.ts'
import { ANONYMOUS, type Actor } from '../core/Actor.ts'
import { findSession } from './sessionQueries.ts'

/**
 * Turns a session token (bearer, provider token or cookie) into an actor. No token means an
 * anonymous reader; a token that opens no live session (unknown, revoked, expired) is null,
 * so each door decides how to answer it.
 */
export async function resolveActor(db: Queryable, token: string | null): Promise<Actor | null> {
  if (!token) return ANONYMOUS
  const session = await findSession(db, token)
  if (!session) return null
  return { userId: session.userId, username: session.username, sessionId: session.sessionId, sessionExpiresAt: new Date(session.expiresAt).getTime() }
}
