import type { Role, Visibility } from '../../shared/apiTypes.ts'
import type { Queryable } from '../db/Db.ts'

/** A space as the domain sees it. */
export interface SpaceRow {
  id: string
  slug: string
  name: string
  visibility: Visibility
}

/** A space with the caller's role in it (null when not a member). */
export interface SpaceWithRole extends SpaceRow {
  role: Role | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu

/** Whether a string can be a row id (so a bad id is a 404, not a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}

export async function findSpace(db: Queryable, spaceId: string, userId: string | null): Promise<SpaceWithRole | null> {
  if (!isUuid(spaceId)) return null
  const rows = await db.query<SpaceWithRole>(
    `SELECT s.id, s.slug, s.name, s.visibility, m.role FROM spaces s
     LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $2 WHERE s.id = $1`,
    [spaceId, userId],
  )
  return rows[0] ?? null
}

export async function findSpaceBySlug(db: Queryable, slug: string, userId: string | null): Promise<SpaceWithRole | null> {
  const rows = await db.query<SpaceWithRole>(
    `SELECT s.id, s.slug, s.name, s.visibility, m.role FROM spaces s
     LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $2 WHERE s.slug = $1`,
    [slug, userId],
  )
  return rows[0] ?? null
}

/** Spaces the user may read: public ones and those they belong to. */
export async function listReadableSpaces(db: Queryable, userId: string | null): Promise<SpaceWithRole[]> {
  return db.query<SpaceWithRole>(
    `SELECT s.id, s.slug, s.name, s.visibility, m.role FROM spaces s
     LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $1
     WHERE s.visibility = 'public' OR m.role IS NOT NULL ORDER BY s.name`,
    [userId],
  )
}

/** Ids of the spaces the user may read, for filtering search, backlinks and the like. */
export async function readableSpaceIds(db: Queryable, userId: string | null): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT s.id FROM spaces s WHERE s.visibility = 'public'
     OR EXISTS (SELECT 1 FROM memberships m WHERE m.space_id = s.id AND m.user_id = $1)`,
    [userId],
  )
  return rows.map((r) => r.id)
}

/** Inserts a space; resolves to null when the slug is taken. */
export async function insertSpace(db: Queryable, space: Omit<SpaceRow, 'id'>, createdBy: string | null): Promise<SpaceRow | null> {
  const rows = await db.query<SpaceRow>(
    `INSERT INTO spaces (slug, name, visibility, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, visibility`,
    [space.slug, space.name, space.visibility, createdBy],
  )
  return rows[0] ?? null
}

export async function updateSpace(db: Queryable, spaceId: string, changes: { name?: string; visibility?: Visibility }): Promise<void> {
  await db.query(
    'UPDATE spaces SET name = COALESCE($2, name), visibility = COALESCE($3, visibility) WHERE id = $1',
    [spaceId, changes.name ?? null, changes.visibility ?? null],
  )
}

export async function listMembers(db: Queryable, spaceId: string): Promise<{ userId: string; username: string; role: Role }[]> {
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
