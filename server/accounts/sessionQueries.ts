import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../db/Db.ts'

/** How long a session lasts from sign-in: 30 days. Signing out or expiry ends it. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

// Tokens are 32 random bytes in base64url (43 characters); anything much longer is not one.
const MAX_TOKEN_LENGTH = 200

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/** Starts a session for a user; returns the bearer token (only its hash is stored). */
export async function createSession(db: Queryable, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(token), userId, new Date(Date.now() + SESSION_LIFETIME_MS),
  ])
  return token
}

/** A live session and its user. */
export interface SessionRow {
  sessionId: string
  userId: string
  username: string
  expiresAt: Date
}

/** The live session a token opens, with its user, or null (unknown, revoked or expired). */
export async function findSession(db: Queryable, token: string): Promise<SessionRow | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null
  const rows = await db.query<SessionRow>(
    `SELECT s.id AS "sessionId", u.id AS "userId", u.username, s.expires_at AS "expiresAt" FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  )
  return rows[0] ?? null
}

/** Revokes a session token; resolves to the revoked session, or null when there was none. */
export async function deleteSession(db: Queryable, token: string): Promise<{ sessionId: string; userId: string } | null> {
  const rows = await db.query<{ sessionId: string; userId: string }>(
    'DELETE FROM sessions WHERE token_hash = $1 RETURNING id AS "sessionId", user_id AS "userId"', [hashToken(token)])
  return rows[0] ?? null
}

/** Removes expired sessions: one user's (at sign-in), or everybody's. */
export async function deleteExpiredSessions(db: Queryable, userId?: string): Promise<void> {
  if (userId) await db.query('DELETE FROM sessions WHERE user_id = $1 AND expires_at <= now()', [userId])
  else await db.query('DELETE FROM sessions WHERE expires_at <= now()')
}

/** Revokes every session of a user, or every one but `keepSessionId`; resolves to the revoked sessions. */
export async function deleteUserSessions(db: Queryable, userId: string, keepSessionId?: string): Promise<{ sessionId: string; userId: string }[]> {
  return db.query<{ sessionId: string; userId: string }>(
    `DELETE FROM sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)
     RETURNING id AS "sessionId", user_id AS "userId"`, [userId, keepSessionId ?? null])
}
