import type { ApiPageInSpace } from '../../shared/apiTypes.ts'
import type { ApiLinkedPage } from '../../shared/linkTypes.ts'
import type { Queryable } from '../core/db/Db.ts'
import { PAGE_COLUMNS, type PageRow } from '../pages/pageQueries.ts'

// Reading the link index for people. Every list takes the spaces the caller may read and
// counts only links written in live pages of those spaces: a hidden page never shows, and
// never shows through a count.

/** A page that links to another, with its first link there. */
export interface BacklinkRow extends ApiPageInSpace {
  snippet: string
  snippetFrom: number
  snippetTo: number
  linkCount: number
}

/** The pages that link to `pageId` (not itself), by title. */
export async function listBacklinks(db: Queryable, pageId: string, readableSpaceIds: string[], limit = 500): Promise<BacklinkRow[]> {
  return db.query<BacklinkRow>(
    `SELECT * FROM (
       SELECT DISTINCT ON (l.source_page_id) l.source_page_id AS "pageId", s.title, s.title_key, s.slug,
         s.space_id AS "spaceId", sp.slug AS "spaceSlug", sp.name AS "spaceName",
         l.snippet, l.snippet_from AS "snippetFrom", l.snippet_to AS "snippetTo",
         (count(*) OVER (PARTITION BY l.source_page_id))::int AS "linkCount"
       FROM links l
       JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
       JOIN spaces sp ON sp.id = s.space_id
       WHERE l.target_page_id = $1 AND l.source_page_id <> $1 AND s.space_id = ANY($2::uuid[])
       ORDER BY l.source_page_id, l.position) b
     ORDER BY b.title_key, b."spaceSlug" LIMIT $3`,
    [pageId, readableSpaceIds, limit],
  )
}

/** A title people link to in a space that has no page yet. */
export interface WantedRow {
  title: string
  /** How many links, and from how many pages. */
  links: number
  pages: number
  linkedFrom: { pageId: string; title: string; spaceSlug: string }[]
}

/** The most-linked missing titles of a space: most linking pages first. */
export async function listWanted(db: Queryable, spaceId: string, readableSpaceIds: string[], limit: number): Promise<WantedRow[]> {
  const rows = await db.query<WantedRow>(
    `SELECT mode() WITHIN GROUP (ORDER BY l.target_title) AS title, count(*)::int AS links,
       count(DISTINCT l.source_page_id)::int AS pages,
       jsonb_agg(DISTINCT jsonb_build_object('pageId', s.id, 'title', s.title, 'spaceSlug', sp.slug)) AS "linkedFrom"
     FROM links l
     JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
     JOIN spaces sp ON sp.id = s.space_id
     WHERE l.target_space_id = $1 AND l.target_page_id IS NULL AND s.space_id = ANY($2::uuid[])
     GROUP BY l.target_key
     ORDER BY pages DESC, links DESC, l.target_key
     LIMIT $3`,
    [spaceId, readableSpaceIds, limit],
  )
  for (const row of rows) row.linkedFrom.sort((a, b) => a.title.localeCompare(b.title))
  return rows
}

/** The live pages of a space that no other readable page links to, by title. */
export async function listOrphans(db: Queryable, spaceId: string, readableSpaceIds: string[]): Promise<PageRow[]> {
  return db.query<PageRow>(
    `SELECT ${PAGE_COLUMNS}
     FROM pages p
     WHERE p.space_id = $1 AND p.deleted_at IS NULL AND NOT EXISTS (
       SELECT 1 FROM links l JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
       WHERE l.target_page_id = p.id AND l.source_page_id <> p.id AND s.space_id = ANY($2::uuid[]))
     ORDER BY p.title_key`,
    [spaceId, readableSpaceIds],
  )
}

/** How many readable pages (itself aside) link to each page of a space that has any, most first. */
export async function listMostLinked(db: Queryable, spaceId: string, readableSpaceIds: string[], limit: number): Promise<ApiLinkedPage[]> {
  return db.query<ApiLinkedPage>(
    `SELECT p.id AS "pageId", p.title, p.slug, count(DISTINCT l.source_page_id)::int AS pages
     FROM pages p
     JOIN links l ON l.target_page_id = p.id AND l.source_page_id <> p.id
     JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL AND s.space_id = ANY($2::uuid[])
     WHERE p.space_id = $1 AND p.deleted_at IS NULL
     GROUP BY p.id, p.title, p.slug, p.title_key
     ORDER BY pages DESC, p.title_key
     LIMIT $3`,
    [spaceId, readableSpaceIds, limit],
  )
}

/** A link as written in a page, with the page it leads to (if any). */
export interface OutgoingRow {
  targetTitle: string
  targetSpaceId: string
  targetSpaceSlug: string
  label: string
  pageId: string | null
  pageTitle: string | null
  pageSlug: string | null
}

/** The links written in a page, in document order. */
export async function listOutgoing(db: Queryable, pageId: string): Promise<OutgoingRow[]> {
  return db.query<OutgoingRow>(
    `SELECT l.target_title AS "targetTitle", l.target_space_id AS "targetSpaceId", sp.slug AS "targetSpaceSlug", l.label,
       t.id AS "pageId", t.title AS "pageTitle", t.slug AS "pageSlug"
     FROM links l JOIN spaces sp ON sp.id = l.target_space_id LEFT JOIN pages t ON t.id = l.target_page_id
     WHERE l.source_page_id = $1 ORDER BY l.position`,
    [pageId],
  )
}
