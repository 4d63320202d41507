import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../db/Db.ts'

/** How long a session lasts without being used: 30 days. */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

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

/** The user a live session token belongs to, or null (unknown, revoked or expired). */
export async function findSessionUser(db: Queryable, token: string): Promise<{ id: string; username: string } | null> {
  if (!token || token.length > 200) return null
  const rows = await db.query<{ id: string; username: string }>(
    `SELECT u.id, u.username FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  )
  return rows[0] ?? null
}

/** Revokes a session token. */
export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [hashToken(token)])
}

/** Removes expired sessions. */
export async function deleteExpiredSessions(db: Queryable): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= now()')
}
