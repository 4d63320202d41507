import type { Role, Visibility } from '../../shared/apiTypes.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import type { SpaceAccessRow } from '../policies/accessQueries.ts'

/**
 * A space with the caller's role in it (null when not a member): the row policies load to
 * judge access, declared there because policies/ may not import spaces/.
 */
export type SpaceWithRole = SpaceAccessRow

/** A space as the domain sees it. */
export type SpaceRow = Omit<SpaceAccessRow, 'role'>

const SPACE_COLUMNS = 's.id, s.slug, s.name, s.visibility, s.joinable, s.description'

export async function findSpace(db: Queryable, spaceId: string, userId: string | null): Promise<SpaceWithRole | null> {
  if (!isUuid(spaceId)) return null
  const rows = await db.query<SpaceWithRole>(
    `SELECT ${SPACE_COLUMNS}, m.role FROM spaces s
     LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $2 WHERE s.id = $1`,
    [spaceId, userId],
  )
  return rows[0] ?? null
}

export async function findSpaceBySlug(db: Queryable, slug: string, userId: string | null): Promise<SpaceWithRole | null> {
  const rows = await db.query<SpaceWithRole>(
    `SELECT ${SPACE_COLUMNS}, m.role FROM spaces s
     LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $2 WHERE s.slug = $1`,
    [slug, userId],
  )
  return rows[0] ?? null
}

/** Spaces the user may read: public ones and those they belong to. */
export async function listReadableSpaces(db: Queryable, userId: string | null): Promise<SpaceWithRole[]> {
  return db.query<SpaceWithRole>(
    `SELECT ${SPACE_COLUMNS}, m.role FROM spaces s
     LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $1
     WHERE s.visibility = 'public' OR m.role IS NOT NULL ORDER BY s.name`,
    [userId],
  )
}

/**
 * Inserts a space; resolves to null when the slug is taken. Unless told, a space is joinable
 * when the system creates it (the seeded encyclopedia) and closed when a person does.
 */
export async function insertSpace(
  db: Queryable, space: Omit<SpaceRow, 'id' | 'joinable' | 'description'> & { joinable?: boolean }, createdBy: string | null,
): Promise<SpaceRow | null> {
  const rows = await db.query<SpaceRow>(
    `INSERT INTO spaces (slug, name, visibility, created_by, joinable)
     VALUES ($1, $2, $3, $4, COALESCE($5, EXISTS (SELECT 1 FROM users WHERE id = $4 AND is_system)))
     ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, visibility, joinable, description`,
    [space.slug, space.name, space.visibility, createdBy, space.joinable ?? null],
  )
  return rows[0] ?? null
}

export async function updateSpace(
  db: Queryable, spaceId: string, changes: { name?: string; visibility?: Visibility; joinable?: boolean; description?: string },
): Promise<void> {
  await db.query(
    `UPDATE spaces SET name = COALESCE($2, name), visibility = COALESCE($3, visibility), joinable = COALESCE($4, joinable),
       description = COALESCE($5, description) WHERE id = $1`,
    [spaceId, changes.name ?? null, changes.visibility ?? null, changes.joinable ?? null, changes.description ?? null],
  )
}

/** Holds the space's row lock until the transaction ends, so membership changes of one space run one at a time. */
export async function lockSpace(db: Queryable, spaceId: string): Promise<void> {
  await db.query('SELECT 1 FROM spaces WHERE id = $1 FOR UPDATE', [spaceId])
}

/** A member as the API lists them. */
export interface MemberRow {
  userId: string
  username: string
  role: Role
}

export async function listMembers(db: Queryable, spaceId: string): Promise<MemberRow[]> {
  return db.query(
    `SELECT m.user_id AS "userId", u.username, m.role FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.space_id = $1 ORDER BY u.username_key`,
    [spaceId],
  )
}

export async function upsertMembership(db: Queryable, spaceId: string, userId: string, role: Role): Promise<void> {
  await db.query(
    `INSERT INTO memberships (space_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (space_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [spaceId, userId, role],
  )
}

/** Adds a membership only when there is none (joining never lowers an owner). */
export async function insertMembershipIfAbsent(db: Queryable, spaceId: string, userId: string, role: Role): Promise<void> {
  await db.query(
    'INSERT INTO memberships (space_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (space_id, user_id) DO NOTHING',
    [spaceId, userId, role],
  )
}

export async function deleteMembership(db: Queryable, spaceId: string, userId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM memberships WHERE space_id = $1 AND user_id = $2 RETURNING user_id', [spaceId, userId])
  return rows.length > 0
}

export async function countOwners(db: Queryable, spaceId: string): Promise<number> {
  const rows = await db.query<{ n: number }>("SELECT count(*) AS n FROM memberships WHERE space_id = $1 AND role = 'owner'", [spaceId])
  return rows[0].n
}
