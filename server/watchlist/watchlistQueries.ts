import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import type { ApiPageInSpace } from '../../shared/apiTypes.ts'
import type { WatchVia } from '../../shared/watchTypes.ts'

/** A watched page with what others changed on it since the user's last visit. */
export interface WatchedPageRow extends ApiPageInSpace {
  via: WatchVia
  lastVisitAt: Date | null
  revisions: number
  charsAdded: number
  charsRemoved: number
  wordsAdded: number
  wordsRemoved: number
  lastChangedAt: Date | null
  authors: { id: string; username: string }[] | null
  seenRevisionId: string | null
  seenRevisionNumber: number | null
}

const VIA = ['page', 'space', 'auto'] as const

// Why each page is watched, the strongest reason first (1 page, 2 space, 3 auto), and since
// when: an explicit watch from when it was made; a watched space's pages from when the space
// was; an auto-watched page from the user's own last revision of it (or its creation). A
// page the user chose not to watch (watching = false) is left out whatever the reason.
const WATCHED = `
  settings AS (SELECT coalesce((SELECT auto_watch FROM watch_settings WHERE user_id = $1), true) AS auto),
  candidates AS (
    SELECT w.page_id, 1 AS rank, w.created_at AS since FROM page_watches w WHERE w.user_id = $1 AND w.watching
    UNION ALL
    SELECT p.id, 2, sw.created_at FROM space_watches sw JOIN pages p ON p.space_id = sw.space_id AND p.deleted_at IS NULL
    WHERE sw.user_id = $1
    UNION ALL
    SELECT p.id, 3, p.created_at FROM pages p, settings WHERE settings.auto AND p.created_by = $1 AND p.deleted_at IS NULL
    UNION ALL
    SELECT r.page_id, 3, max(r.created_at) FROM revision_authors ra JOIN revisions r ON r.id = ra.revision_id, settings
    WHERE settings.auto AND ra.user_id = $1 GROUP BY r.page_id
  ),
  watched AS (
    SELECT DISTINCT ON (c.page_id) c.page_id, c.rank, c.since FROM candidates c
    WHERE ($3::uuid IS NULL OR c.page_id = $3::uuid)
      AND NOT EXISTS (SELECT 1 FROM page_watches x WHERE x.user_id = $1 AND x.page_id = c.page_id AND NOT x.watching)
    ORDER BY c.page_id, c.rank, c.since DESC
  )`

/**
 * The user's watched pages in the spaces they may read (`readableSpaceIds`; a page whose
 * space they lost access to drops out), with what others changed since their last visit:
 * revisions cut after it that someone else wrote in, their authors and size, and the newest
 * revision cut before it (where "show changes" starts). Pages of a watched space are listed
 * only when they changed; `pageId` narrows the answer to one page (listed either way).
 */
export async function listWatchedPages(
  db: Queryable, userId: string, readableSpaceIds: string[], pageId: string | null = null,
): Promise<WatchedPageRow[]> {
  if (pageId !== null && !isUuid(pageId)) return []
  const rows = await db.query<Omit<WatchedPageRow, 'via'> & { rank: number }>(
    `WITH ${WATCHED}
     SELECT p.id AS "pageId", p.title, p.slug, p.space_id AS "spaceId", sp.slug AS "spaceSlug", sp.name AS "spaceName",
       w.rank, v.visited_at AS "lastVisitAt",
       ch.revisions, ch.chars_added AS "charsAdded", ch.chars_removed AS "charsRemoved",
       ch.words_added AS "wordsAdded", ch.words_removed AS "wordsRemoved", ch.last_changed_at AS "lastChangedAt",
       au.authors, seen.id AS "seenRevisionId", seen.number AS "seenRevisionNumber"
     FROM watched w
     JOIN pages p ON p.id = w.page_id AND p.deleted_at IS NULL AND p.space_id = ANY($2::uuid[])
     JOIN spaces sp ON sp.id = p.space_id
     LEFT JOIN page_visits v ON v.user_id = $1 AND v.page_id = p.id
     CROSS JOIN LATERAL (SELECT coalesce(v.visited_at, w.since) AS at) base
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS revisions, coalesce(sum(r.chars_added), 0)::int AS chars_added,
         coalesce(sum(r.chars_removed), 0)::int AS chars_removed, coalesce(sum(r.words_added), 0)::int AS words_added,
         coalesce(sum(r.words_removed), 0)::int AS words_removed, max(r.created_at) AS last_changed_at
       FROM revisions r WHERE r.page_id = p.id AND r.created_at > base.at
         AND EXISTS (SELECT 1 FROM revision_authors ra WHERE ra.revision_id = r.id AND ra.user_id <> $1)
     ) ch
     LEFT JOIN LATERAL (
       SELECT json_agg(json_build_object('id', u.id, 'username', u.username) ORDER BY u.username) AS authors
       FROM users u WHERE u.id <> $1 AND u.id IN (
         SELECT ra.user_id FROM revisions r JOIN revision_authors ra ON ra.revision_id = r.id
         WHERE r.page_id = p.id AND r.created_at > base.at)
     ) au ON ch.revisions > 0
     LEFT JOIN LATERAL (
       SELECT r.id, r.number FROM revisions r WHERE r.page_id = p.id AND r.created_at <= base.at
       ORDER BY r.number DESC LIMIT 1
     ) seen ON true
     WHERE $3::uuid IS NOT NULL OR w.rank <> 2 OR ch.revisions > 0
     ORDER BY ch.last_changed_at DESC NULLS LAST, p.title_key`,
    [userId, readableSpaceIds, pageId],
  )
  return rows.map(({ rank, ...row }) => ({ ...row, via: VIA[rank - 1] }))
}

/**
 * The users to tell in their inbox that others changed `pageId`: those who watch it (by choice,
 * through its space, or because they created or edited it while auto-watching is on) and did
 * not choose to stop, who turned on `notifyChanges`, who may read its space now, and who are
 * not among `authorIds` (one's own edits are no news).
 */
export async function listChangeWatchers(db: Queryable, pageId: string, authorIds: string[]): Promise<string[]> {
  const rows = await db.query<{ userId: string }>(
    `WITH page AS (SELECT p.id, p.space_id, p.created_by FROM pages p WHERE p.id = $1 AND p.deleted_at IS NULL),
     candidates AS (
       SELECT w.user_id, false AS auto FROM page_watches w WHERE w.page_id = $1 AND w.watching
       UNION ALL
       SELECT sw.user_id, false FROM space_watches sw JOIN page ON sw.space_id = page.space_id
       UNION ALL
       SELECT page.created_by, true FROM page WHERE page.created_by IS NOT NULL
       UNION ALL
       SELECT DISTINCT ra.user_id, true FROM revisions r JOIN revision_authors ra ON ra.revision_id = r.id WHERE r.page_id = $1
     )
     SELECT DISTINCT c.user_id AS "userId"
     FROM candidates c
     JOIN watch_settings ws ON ws.user_id = c.user_id AND ws.notify_changes AND (ws.auto_watch OR NOT c.auto)
     JOIN page ON true
     JOIN spaces s ON s.id = page.space_id
     WHERE c.user_id <> ALL($2::uuid[])
       AND NOT EXISTS (SELECT 1 FROM page_watches x WHERE x.user_id = c.user_id AND x.page_id = $1 AND NOT x.watching)
       AND (s.visibility = 'public' OR EXISTS (SELECT 1 FROM memberships m WHERE m.space_id = s.id AND m.user_id = c.user_id))`,
    [pageId, authorIds],
  )
  return rows.map((row) => row.userId)
}
