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
 * are renamed or edited.
 */
export async function listBacklinksByCreation(
  db: Queryable, pageId: string, readableSpaceIds: string[], limit: number, after?: { createdKey: string; id: string },
): Promise<BacklinkByCreation[]> {
  return db.query<BacklinkByCreation>(
    `SELECT * FROM (
       SELECT DISTINCT ON (l.source_page_id) l.source_page_id AS "pageId", s.title, s.slug,
         s.space_id AS "spaceId", sp.slug AS "spaceSlug", sp.name AS "spaceName",
         l.snippet, l.snippet_from AS "snippetFrom", l.snippet_to AS "snippetTo",
         (count(*) OVER (PARTITION BY l.source_page_id))::int AS "linkCount",
         s.created_at, (extract(epoch FROM s.created_at) * 1000000)::bigint::text AS "createdKey"
       FROM links l
       JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
       JOIN spaces sp ON sp.id = s.space_id
       WHERE l.target_page_id = $1 AND l.source_page_id <> $1 AND s.space_id = ANY($2::uuid[])
         AND ($4::bigint IS NULL OR (s.created_at, s.id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
       ORDER BY l.source_page_id, l.position) b
     ORDER BY b.created_at DESC, b."pageId" DESC LIMIT $3`,
    [pageId, readableSpaceIds, limit, after?.createdKey ?? null, after?.id ?? null],
  )
}
