import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'

// The page tree: `parent_id` and `position` of the pages table. Every change to it runs in a
// transaction that first takes the space's tree lock, so two moves at once cannot make a
// cycle between them and positions stay 0, 1, 2… among siblings.

// An arbitrary class for the two-key advisory lock: (TREE_LOCK, hash of the space id).
const TREE_LOCK = 7_415_964

/** Serializes changes to a space's tree until the transaction ends. */
export async function lockSpaceTree(tx: Queryable, spaceId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TREE_LOCK, spaceId])
}

/** Whether `pageId` is a live page of `spaceId` (a parent a page may be put under). */
export async function isLivePageOfSpace(tx: Queryable, pageId: string, spaceId: string): Promise<boolean> {
  if (!isUuid(pageId)) return false
  const rows = await tx.query('SELECT 1 FROM pages WHERE id = $1 AND space_id = $2 AND deleted_at IS NULL', [pageId, spaceId])
  return rows.length > 0
}

/** Whether `ancestorId` is `pageId` itself or one of its ancestors (walking up from `pageId`). */
export async function isSelfOrAncestor(tx: Queryable, ancestorId: string, pageId: string): Promise<boolean> {
  // UNION (not UNION ALL) stops the walk even if the data held a cycle.
  const rows = await tx.query(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM pages WHERE id = $1
       UNION SELECT p.id, p.parent_id FROM pages p JOIN up ON p.id = up.parent_id)
     SELECT 1 FROM up WHERE id = $2`,
    [pageId, ancestorId],
  )
  return rows.length > 0
}

/** The live children of `parentId` (null: the top level) in order, without `exceptId`. */
async function childIds(tx: Queryable, spaceId: string, parentId: string | null, exceptId: string | null): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM pages WHERE space_id = $1 AND parent_id IS NOT DISTINCT FROM $2::uuid AND deleted_at IS NULL
       AND id IS DISTINCT FROM $3::uuid
     ORDER BY position, title_key`,
    [spaceId, parentId, exceptId],
  )
  return rows.map((r) => r.id)
}

/** Gives `ids` the positions 0, 1, 2… in their order, under `parentId`. */
async function setOrder(tx: Queryable, ids: string[], parentId: string | null): Promise<void> {
  if (ids.length === 0) return
  await tx.query(
    'UPDATE pages SET parent_id = $2::uuid, position = array_position($1::uuid[], id) - 1 WHERE id = ANY($1::uuid[])',
    [ids, parentId],
  )
}

/**
 * Puts a page under `parentId` at `position` among its new siblings (past the end = last) and
 * closes the gap it left. The caller holds the tree lock and has ruled out cycles.
 */
export async function placePage(
  tx: Queryable, page: { id: string; spaceId: string; parentId: string | null }, parentId: string | null, position: number,
): Promise<void> {
  const siblings = await childIds(tx, page.spaceId, parentId, page.id)
  siblings.splice(Math.min(position, siblings.length), 0, page.id)
  await setOrder(tx, siblings, parentId)
  if (page.parentId !== parentId) await setOrder(tx, await childIds(tx, page.spaceId, page.parentId, page.id), page.parentId)
}

/**
 * A page leaves the tree (it was deleted): its children take its place under its parent, in
 * their order, after the siblings it had. Resolves to the ids of the pages moved.
 */
export async function liftChildren(tx: Queryable, page: { id: string; spaceId: string; parentId: string | null }): Promise<string[]> {
  const children = await childIds(tx, page.spaceId, page.id, null)
  const siblings = await childIds(tx, page.spaceId, page.parentId, page.id)
  await setOrder(tx, [...siblings, ...children], page.parentId)
  return children
}
