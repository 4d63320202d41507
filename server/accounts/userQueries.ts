import type { Queryable } from '../core/db/Db.ts'

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

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username_key = $1`, [usernameKey(username)])
  return rows[0] ?? null
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])
  return rows[0] ?? null
}

/** Inserts a user; resolves to null when the username is taken. */
export async function insertUser(db: Queryable, username: string, passwordHash: string | null, isSystem = false): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(
    `INSERT INTO users (username, username_key, password_hash, is_system) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username_key) DO NOTHING RETURNING ${COLUMNS}`,
    [username.normalize('NFC'), usernameKey(username), passwordHash, isSystem],
  )
  return rows[0] ?? null
}

/** The names of the given users, by id. */
export async function usernamesByIds(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<{ id: string; username: string }>('SELECT id, username FROM users WHERE id = ANY($1::uuid[])', [ids])
  return new Map(rows.map((r) => [r.id, r.username]))
}
