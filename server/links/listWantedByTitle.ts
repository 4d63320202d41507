import type { Queryable } from '../core/db/Db.ts'
import type { WantedRow } from './linkListQueries.ts'

/** A wanted title with its exact sort key: the title key (normalizeTitle) its links share. */
export interface WantedByTitle extends WantedRow {
  key: string
}

/**
 * Up to `limit` titles linked to in a space (from live pages in `readableSpaceIds`) that have no
 * page, by title key, after `afterKey` (the last one already sent). A title's key never
 * changes, so a walk through them sees every title wanted all along exactly once, however the
 * counts change as people write; the walk follows links_wanted_idx and stops after `limit`.
 */
export async function listWantedByTitle(
  db: Queryable, spaceId: string, readableSpaceIds: string[], limit: number, afterKey?: string,
): Promise<WantedByTitle[]> {
  const rows = await db.query<WantedByTitle>(
    `SELECT l.target_key AS key, mode() WITHIN GROUP (ORDER BY l.target_title) AS title, count(*)::int AS links,
       count(DISTINCT l.source_page_id)::int AS pages,
       jsonb_agg(DISTINCT jsonb_build_object('pageId', s.id, 'title', s.title, 'spaceSlug', sp.slug)) AS "linkedFrom"
     FROM links l
     JOIN pages s ON s.id = l.source_page_id AND s.deleted_at IS NULL
     JOIN spaces sp ON sp.id = s.space_id
     WHERE l.target_space_id = $1 AND l.target_page_id IS NULL AND s.space_id = ANY($2::uuid[])
       AND ($4::text IS NULL OR l.target_key > $4::text)
     GROUP BY l.target_key
     ORDER BY l.target_key
     LIMIT $3`,
    [spaceId, readableSpaceIds, limit, afterKey ?? null],
  )
  for (const row of rows) row.linkedFrom.sort((a, b) => a.title.localeCompare(b.title))
  return rows
}
