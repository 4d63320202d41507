import type { Role, Visibility } from '../../shared/apiTypes.ts'
import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'

// The rows a policy judges, loaded by the policy itself: access decisions read spaces,
// memberships and pages here (read-only) so that policies/ never imports the modules that
// call it. Those modules own the tables and every write to them.

/** A space with the caller's role in it (null when not a member); spaces/ calls it SpaceWithRole. */
export interface SpaceAccessRow {
  id: string
  slug: string
  name: string
  visibility: Visibility
  /** Whether anyone signed in may join it as an editor (when it is public). */
  joinable: boolean
  /** What the space is about, shown on its home (owners write it). */
  description: string
  role: Role | null
}

/** A live (not deleted) page; pages/ calls it PageRow. */
export interface PageAccessRow {
  id: string
  spaceId: string
  title: string
  slug: string
  createdAt: Date
  updatedAt: Date
  /** The page it sits under in the space's tree (null: top level). */
  parentId: string | null
  /** Its place among its siblings, 0 first. */
  position: number
}

const SPACE = `SELECT s.id, s.slug, s.name, s.visibility, s.joinable, s.description, m.role FROM spaces s
  LEFT JOIN memberships m ON m.space_id = s.id AND m.user_id = $2`

/** A space by id or slug, with the role of `userId` in it. */
export async function loadSpaceAccess(db: Queryable, by: { id: string } | { slug: string }, userId: string | null): Promise<SpaceAccessRow | null> {
  if ('id' in by && !isUuid(by.id)) return null
  const rows = 'id' in by
    ? await db.query<SpaceAccessRow>(`${SPACE} WHERE s.id = $1`, [by.id, userId])
    : await db.query<SpaceAccessRow>(`${SPACE} WHERE s.slug = $1`, [by.slug, userId])
  return rows[0] ?? null
}

/** A live page by id. */
export async function loadPageAccess(db: Queryable, pageId: string): Promise<PageAccessRow | null> {
  if (!isUuid(pageId)) return null
  const rows = await db.query<PageAccessRow>(
    `SELECT id, space_id AS "spaceId", title, slug, created_at AS "createdAt", updated_at AS "updatedAt",
       parent_id AS "parentId", position
     FROM pages WHERE id = $1 AND deleted_at IS NULL`, [pageId])
  return rows[0] ?? null
}

/** Ids of the public spaces and of those `userId` belongs to. */
export async function selectReadableSpaceIds(db: Queryable, userId: string | null): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT s.id FROM spaces s WHERE s.visibility = 'public'
     OR EXISTS (SELECT 1 FROM memberships m WHERE m.space_id = s.id AND m.user_id = $1)`,
    [userId],
  )
  return rows.map((r) => r.id)
}

/** A proposal with its page (deleted or not) and what a policy needs to judge it. */
export interface ProposalAccessRow {
  id: string
  number: number
  pageId: string
  spaceId: string
  authorId: string | null
  status: 'open' | 'merged' | 'declined'
  /** The page was deleted since the proposal was opened. */
  pageDeleted: boolean
  /** The members its author invited to write the branch with them. */
  coEditorIds: string[]
}

/** A proposal by id, with its page's space and whether the page still exists. */
export async function loadProposalAccess(db: Queryable, proposalId: string): Promise<ProposalAccessRow | null> {
  if (!isUuid(proposalId)) return null
  const rows = await db.query<ProposalAccessRow>(
    `SELECT pr.id, pr.number, pr.page_id AS "pageId", p.space_id AS "spaceId", pr.author_id AS "authorId", pr.status,
       p.deleted_at IS NOT NULL AS "pageDeleted",
       ARRAY(SELECT ce.user_id FROM proposal_coeditors ce WHERE ce.proposal_id = pr.id ORDER BY ce.created_at) AS "coEditorIds"
     FROM proposals pr JOIN pages p ON p.id = pr.page_id WHERE pr.id = $1`, [proposalId])
  return rows[0] ?? null
}
