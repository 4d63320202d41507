import type { Queryable } from '../db/Db.ts'
import { usernameSkeleton } from './usernameSkeleton.ts'

/** A row of `users` as the domain sees it. */
export interface UserRow {
  id: string
  username: string
  passwordHash: string | null
  isSystem: boolean
}

const COLUMNS = 'id, username, password_hash AS "passwordHash", is_system AS "isSystem"'

/** The lookup key of a username: NFC and lower case. */
export function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase()
}

/**
 * The user whose name is this one, whatever its case or Unicode form, or null. Names are
 * stored in NFKC since look-alikes were refused (fullwidth `ｌｙｕｄａ` is kept as `lyuda`), so
 * the NFKC form is looked up too; an older name stored with compatibility characters still
 * matches as typed, first.
 */
export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users WHERE username_key = ANY($2::text[]) ORDER BY username_key = $1 DESC LIMIT 1`,
    [usernameKey(username), [usernameKey(username), usernameKey(username.normalize('NFKC'))]],
  )
  return rows[0] ?? null
}

/** The user whose name looks like this one (same confusable skeleton), or null. */
export async function findUserByLookalike(db: Queryable, username: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username_skeleton = $1`, [usernameSkeleton(username)])
  return rows[0] ?? null
}

/** The user with this id, or null. */
export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])
  return rows[0] ?? null
}

/** Inserts a user; resolves to null when the username, or one that looks like it, is taken. */
export async function insertUser(db: Queryable, username: string, passwordHash: string | null, isSystem = false): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(
    `INSERT INTO users (username, username_key, username_skeleton, password_hash, is_system) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [username.normalize('NFC'), usernameKey(username), usernameSkeleton(username), passwordHash, isSystem],
  )
  return rows[0] ?? null
}

/** Replaces a user's password hash. */
export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash])
}

/** Users who have no skeleton yet (created before it existed), oldest first. */
export async function usersWithoutSkeleton(db: Queryable): Promise<{ id: string; username: string }[]> {
  return db.query('SELECT id, username FROM users WHERE username_skeleton IS NULL ORDER BY created_at, id')
}

/**
 * Gives a user their skeleton unless another user holds it already; resolves to whether it
 * was set. (Two instances backfilling at once race on the unique index: the loser sees false.)
 */
export async function setUsernameSkeleton(db: Queryable, userId: string, skeleton: string): Promise<boolean> {
  try {
    const rows = await db.query(
      `UPDATE users SET username_skeleton = $2 WHERE id = $1 AND username_skeleton IS NULL
         AND NOT EXISTS (SELECT 1 FROM users WHERE username_skeleton = $2) RETURNING id`, [userId, skeleton])
    return rows.length > 0
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return false // unique_violation
    throw error
  }
}

/** The names of the given users, by id. */
export async function usernamesByIds(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; username: string }>('SELECT id, username FROM users WHERE id = ANY($1::uuid[])', [ids])
  return new Map(rows.map((r) => [r.id, r.username]))
}
