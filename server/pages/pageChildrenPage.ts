import type { Queryable } from '../core/db/Db.ts'
import { invalidInput } from '../core/AppError.ts'
import { isUuid } from '../core/isUuid.ts'
import { decodeKeysetCursor, encodeKeysetCursor } from '../core/keysetCursor.ts'
import type { KeysetPage } from '../core/creationKeysetPage.ts'
import { PAGE_COLUMNS, type PageRow } from './pageQueries.ts'

/** A page of one level of the tree, and whether it has subpages (to offer unfolding it). */
export interface PageChildRow extends PageRow {
  hasChildren: boolean
}

const POSITION = /^\d{1,9}$/

/**
 * The live pages directly under `parentId` (null: the top level of `spaceId`), `limit` at a
 * time in tree order (position, then id), continuing after `cursor`. Keyset paging on
 * pages_parent_idx: a new page joins the end of its level, so a walk neither loses nor repeats
 * a row while pages are added. The caller has authorized reading `spaceId` and checked that
 * `parentId` is one of its live pages; a cursor of another level is a 400 `invalid_cursor`.
 */
export async function pageChildrenPage(
  db: Queryable, spaceId: string, parentId: string | null, limit: number, cursor?: string,
): Promise<KeysetPage<PageChildRow>> {
  const scope = parentId ?? `top:${spaceId}`
  let after: [string, string] | null = null
  if (cursor !== undefined) {
    const [position, id] = decodeKeysetCursor(cursor, scope, 2).key
    if (!POSITION.test(position) || !isUuid(id)) throw invalidInput('This cursor is not one this listing gave out; start again from the first page.', 'invalid_cursor')
    after = [position, id]
  }
  // Written so that even a generic plan (the driver prepares statements) walks pages_parent_idx
  // and stops after `limit` rows: `parent_id IS NULL` (not IS NOT DISTINCT FROM) is an index
  // condition, and `parent_id` leads the ORDER BY because the planner takes no order from
  // `IS NULL`; the cursor is a separate statement (not `$4 IS NULL OR …`) with its position as an
  // index bound; `hasChildren` is one probe per row (an EXISTS became a hash of every page of the
  // space: 60 ms for the first page of 100,000 at the top level, now under 1 ms).
  const level = parentId === null ? 'p.parent_id IS NULL AND $2::uuid IS NULL' : 'p.parent_id = $2::uuid'
  const cursorBound = after ? 'AND p.position >= $4::int AND (p.position, p.id) > ($4::int, $5::uuid)' : ''
  const fetched = await db.query<PageChildRow>(
    `SELECT ${PAGE_COLUMNS}, COALESCE((
         SELECT true FROM pages c WHERE c.space_id = p.space_id AND c.parent_id = p.id AND c.deleted_at IS NULL LIMIT 1
       ), false) AS "hasChildren"
     FROM pages p
     WHERE p.space_id = $1 AND ${level} AND p.deleted_at IS NULL ${cursorBound}
     ORDER BY p.parent_id, p.position, p.id LIMIT $3`,
    after ? [spaceId, parentId, limit + 1, after[0], after[1]] : [spaceId, parentId, limit + 1],
  )
  const rows = fetched.slice(0, limit)
  const last = rows.at(-1)
  const nextCursor = fetched.length > limit && last ? encodeKeysetCursor({ scope, key: [String(last.position), last.id] }) : null
  return { rows, nextCursor }
}

/** The pages above `pageId` in its space's tree, the top-level one first (empty: none, or no such page). */
export async function pageAncestors(db: Queryable, spaceId: string, pageId: string): Promise<PageRow[]> {
  if (!isUuid(pageId)) return []
  // UNION (not UNION ALL) and the depth cap stop the walk even if the data held a cycle.
  return db.query<PageRow>(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT parent_id, 1 FROM pages WHERE id = $2 AND space_id = $1 AND deleted_at IS NULL AND parent_id IS NOT NULL
       UNION SELECT q.parent_id, up.depth + 1 FROM pages q JOIN up ON q.id = up.id WHERE q.parent_id IS NOT NULL AND up.depth < 200)
     SELECT ${PAGE_COLUMNS} FROM up JOIN pages p ON p.id = up.id
     WHERE p.space_id = $1 AND p.deleted_at IS NULL ORDER BY up.depth DESC`,
    [spaceId, pageId],
  )
}
