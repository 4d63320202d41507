import type { Queryable } from '../core/db/Db.ts'
import type { CreationKey } from '../core/creationKeysetPage.ts'
import { PAGE_COLUMNS } from '../pages/pageQueries.ts'
import type { PageByCreation } from '../pages/listPagesByCreation.ts'

/**
 * Up to `limit` live pages of a space that no other readable page links to, the newest created
 * first (ties by id, descending), after `after`: keyset paging on pages_space_created_idx, the
 * link check per page on links_target_created_idx.
 *
 * The link check is a scalar subquery with `ORDER BY … LIMIT 1` on purpose. Written as
 * `NOT EXISTS`, the planner turns it into an anti-join and, when one page draws most links (its
 * statistics then say every page is linked thousands of times), hashes every link and every page
 * of the space before the first row: 120 ms on 100,000 pages. This form walks the pages in order
 * and stops after `limit` orphans, one index probe per page walked. Its worst case is a space where
 * nearly every page is linked (every page walked); docs/BENCHMARKS.md has both.
 */
export async function listOrphansByCreation(
  db: Queryable, spaceId: string, readableSpaceIds: string[], limit: number, after?: CreationKey,
): Promise<PageByCreation[]> {
  return db.query<PageByCreation>(
    `SELECT ${PAGE_COLUMNS}, (extract(epoch FROM p.created_at) * 1000000)::bigint::text AS "createdKey"
     FROM pages p
     WHERE p.space_id = $1 AND p.deleted_at IS NULL
       AND ($4::bigint IS NULL OR (p.created_at, p.id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
       AND (SELECT 1 FROM links l JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
            WHERE l.target_page_id = p.id AND l.source_page_id <> p.id AND s.space_id = ANY($2::uuid[])
            ORDER BY l.target_page_id, l.source_created_at DESC, l.source_page_id DESC LIMIT 1) IS NULL
     ORDER BY p.created_at DESC, p.id DESC LIMIT $3`,
    [spaceId, readableSpaceIds, limit, after?.createdKey ?? null, after?.id ?? null],
  )
}
