import type { Queryable } from '../core/db/Db.ts'
import type { BacklinkRow } from './linkListQueries.ts'

/** A backlink with its exact sort key: the linking page's creation time in microseconds since 1970, as text. */
export interface BacklinkByCreation extends BacklinkRow {
  createdKey: string
}

/**
 * Up to `limit` pages that link to `pageId` (not itself, live, in `readableSpaceIds`), the
 * newest created first (ties by id, descending), after `after` (the last one already sent).
 * Creation time and id never change, so paging by them loses and repeats nothing while pages
 * are renamed or edited. The linking pages are walked in that order on links_target_created_idx
 * (each link row carries its source page's creation time), so a page of a hub's backlinks reads
 * about `limit` of them, not all; each one's first link gives the snippet.
 */
export async function listBacklinksByCreation(
  db: Queryable, pageId: string, readableSpaceIds: string[], limit: number, after?: { createdKey: string; id: string },
): Promise<BacklinkByCreation[]> {
  return db.query<BacklinkByCreation>(
    `SELECT k.source_page_id AS "pageId", s.title, s.slug,
       s.space_id AS "spaceId", sp.slug AS "spaceSlug", sp.name AS "spaceName",
       k.snippet, k.snippet_from AS "snippetFrom", k.snippet_to AS "snippetTo", n.link_count AS "linkCount",
       (extract(epoch FROM k.source_created_at) * 1000000)::bigint::text AS "createdKey"
     FROM (
       -- Each linking page's first link to the page (no earlier one from the same page), in creation order.
       SELECT l.source_created_at, l.source_page_id, l.snippet, l.snippet_from, l.snippet_to FROM links l
       WHERE l.target_page_id = $1 AND l.source_page_id <> $1
         AND ($4::bigint IS NULL
           OR (l.source_created_at, l.source_page_id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
         AND NOT EXISTS (SELECT 1 FROM links e WHERE e.source_page_id = l.source_page_id AND e.target_page_id = $1 AND e.position < l.position)
         AND EXISTS (SELECT 1 FROM pages p WHERE p.id = l.source_page_id AND p.deleted_at IS NULL AND p.space_id = ANY($2::uuid[]))
       ORDER BY l.source_created_at DESC, l.source_page_id DESC LIMIT $3
     ) k
     JOIN pages s ON s.id = k.source_page_id
     JOIN spaces sp ON sp.id = s.space_id
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS link_count FROM links l WHERE l.source_page_id = k.source_page_id AND l.target_page_id = $1
     ) n
     ORDER BY k.source_created_at DESC, k.source_page_id DESC`,
    [pageId, readableSpaceIds, limit, after?.createdKey ?? null, after?.id ?? null],
  )
}
