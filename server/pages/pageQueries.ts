import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import type { PageAccessRow } from '../policies/accessQueries.ts'

/** SQLSTATE of a unique index violation. */
const UNIQUE_VIOLATION = '23505'

/**
 * A page as the domain sees it: the row policies load to authorize a page, declared there
 * because policies/ may not import pages/.
 */
export type PageRow = PageAccessRow

/** The columns of a PageRow, for queries elsewhere in this module (`p` = pages). */
export const PAGE_COLUMNS = `p.id, p.space_id AS "spaceId", p.title, p.slug, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  p.parent_id AS "parentId", p.position`
const COLUMNS = PAGE_COLUMNS

export async function findPage(db: Queryable, pageId: string): Promise<PageRow | null> {
  if (!isUuid(pageId)) return null
  const rows = await db.query<PageRow>(`SELECT ${COLUMNS} FROM pages p WHERE id = $1 AND deleted_at IS NULL`, [pageId])
  return rows[0] ?? null
}

export async function findPageByTitleKey(db: Queryable, spaceId: string, titleKey: string): Promise<PageRow | null> {
  const rows = await db.query<PageRow>(
    `SELECT ${COLUMNS} FROM pages p WHERE space_id = $1 AND title_key = $2 AND deleted_at IS NULL`, [spaceId, titleKey])
  return rows[0] ?? null
}

export async function findPageBySlug(db: Queryable, spaceId: string, slug: string): Promise<PageRow | null> {
  const rows = await db.query<PageRow>(
    `SELECT ${COLUMNS} FROM pages p WHERE space_id = $1 AND slug = $2 AND deleted_at IS NULL ORDER BY created_at LIMIT 1`, [spaceId, slug])
  return rows[0] ?? null
}

/** A space's pages, most recently changed first. */
export async function listPages(db: Queryable, spaceId: string): Promise<PageRow[]> {
  return db.query<PageRow>(
    `SELECT ${COLUMNS} FROM pages p WHERE space_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC, title_key`, [spaceId])
}

/** How many live pages a space has. */
export async function countLivePages(db: Queryable, spaceId: string): Promise<number> {
  // Kept by triggers (migration 0029) as pages are added, deleted, restored and moved.
  const rows = await db.query<{ n: number }>('SELECT live AS n FROM space_page_counts WHERE space_id = $1', [spaceId])
  return rows[0]?.n ?? 0
}

/**
 * Inserts a page last among the children of `parentId` (top level when null or absent);
 * resolves to null when a live page in the space has the same title key. The caller has
 * checked that the parent is a live page of the same space.
 */
export async function insertPage(
  db: Queryable,
  page: { spaceId: string; title: string; titleKey: string; slug: string; createdBy: string | null; parentId?: string | null; createdAt?: Date },
): Promise<PageRow | null> {
  const rows = await db.query<PageRow>(
    `INSERT INTO pages AS p (space_id, title, title_key, slug, created_by, parent_id, position, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6,
       (SELECT coalesce(max(s.position) + 1, 0) FROM pages s
        WHERE s.space_id = $1 AND s.parent_id IS NOT DISTINCT FROM $6::uuid AND s.deleted_at IS NULL),
       coalesce($7::timestamptz, now()), coalesce($7::timestamptz, now()))
     ON CONFLICT (space_id, title_key) WHERE deleted_at IS NULL DO NOTHING RETURNING ${COLUMNS}`,
    [page.spaceId, page.title, page.titleKey, page.slug, page.createdBy, page.parentId ?? null, page.createdAt ?? null],
  )
  return rows[0] ?? null
}

/**
 * Renames a page; resolves to false when the new title key is taken by another page — also
 * when another request took it at the same moment (the NOT EXISTS check cannot see a rename
 * or creation not yet committed; the unique index can, and its violation means the same).
 */
export async function updatePageTitle(db: Queryable, pageId: string, title: string, titleKey: string, slug: string): Promise<boolean> {
  try {
    const rows = await db.query(
      `UPDATE pages SET title = $2, title_key = $3, slug = $4, updated_at = now()
       WHERE id = $1 AND NOT EXISTS (
         SELECT 1 FROM pages o WHERE o.space_id = pages.space_id AND o.title_key = $3 AND o.id <> $1 AND o.deleted_at IS NULL)
       RETURNING id`,
      [pageId, title, titleKey, slug],
    )
    return rows.length > 0
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return false
    throw error
  }
}

/** Records the text derived from the page's document and bumps its change time. */
export async function updatePageText(db: Queryable, pageId: string, text: string): Promise<void> {
  await db.query('UPDATE pages SET content_text = $2, updated_at = now() WHERE id = $1', [pageId, text])
}

/** Dates a page's last change (the seed: when its text was written, not when it was loaded). */
export async function setPageUpdatedAt(db: Queryable, pageId: string, at: Date): Promise<void> {
  await db.query('UPDATE pages SET updated_at = $2 WHERE id = $1', [pageId, at])
}

export async function markPageDeleted(db: Queryable, pageId: string): Promise<void> {
  await db.query('UPDATE pages SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL', [pageId])
}

export async function countPages(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*) AS n FROM pages'))[0].n
}
