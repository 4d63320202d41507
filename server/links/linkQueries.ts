import type { Queryable } from '../core/db/Db.ts'

/** A stored link of one source page (the `links` table). */
export interface LinkRow {
  position: number
  targetSpaceId: string
  targetTitle: string
  targetKey: string
  /** The live page the title resolves to; null for a red link. */
  targetPageId: string | null
  label: string
  snippet: string
  snippetFrom: number
  snippetTo: number
}

/** A link whose resolution changed: which page it is in, and where it pointed before and now. */
export interface Relinked {
  sourcePageId: string
  oldPageId: string | null
  newPageId: string | null
}

/** A live page a title resolves to, and whether through its title or an old one. */
export interface ResolvedPage {
  id: string
  title: string
  slug: string
  via: 'title' | 'alias'
}

/**
 * The rules of resolution in one place: SQL for the live pages a (space, title key) pair
 * names, best first (`rank`): the page with that title, then the page that had it as an old
 * title (alias). Arguments are column expressions, never input.
 */
function titleMatchesSql(space: string, key: string): string {
  return `SELECT p.id, p.title, p.slug, 'title' AS via, 0 AS rank FROM pages p
      WHERE p.space_id = ${space} AND p.title_key = ${key} AND p.deleted_at IS NULL
    UNION ALL
    SELECT p.id, p.title, p.slug, 'alias' AS via, 1 AS rank FROM page_aliases a
      JOIN pages p ON p.id = a.page_id AND p.deleted_at IS NULL
      WHERE a.space_id = ${space} AND a.title_key = ${key}`
}

/** SQL for the id of the live page a (space, title key) pair resolves to, or null. */
function resolvedPageIdSql(space: string, key: string): string {
  return `(SELECT m.id FROM (${titleMatchesSql(space, key)}) m ORDER BY m.rank LIMIT 1)`
}

// Classes of the two-key advisory locks of the link index (the second key is a hash).
const TITLE_LOCK = 7_415_970
const SOURCE_LOCK = 7_415_971

/**
 * How link resolution and page changes never miss each other's write. An index run takes
 * `shared` locks on the (space, title key) pairs it resolves, so runs never wait for one another;
 * a page create/rename/delete takes `exclusive` locks on the keys whose resolution it changes,
 * after committing the change. So an index run either resolves after that commit (and sees the
 * page) or stores its rows before the re-resolution starts (which then sees and fixes them).
 * Locks are taken in one sorted order by one statement (no deadlocks); every taker of a source
 * lock (see lockLinkSource) takes it before any title lock.
 */
export async function lockLinkTitles(tx: Queryable, titles: { spaceId: string; key: string }[], mode: 'shared' | 'exclusive'): Promise<void> {
  const names = [...new Set(titles.map((t) => `${t.spaceId}\n${t.key}`))].sort()
  if (names.length === 0) return
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'
  // unnest keeps the array's order, and nothing sorts after it: the locks are taken in that order.
  await tx.query(`SELECT ${lock}(${TITLE_LOCK}, hashtext(n)) FROM unnest($1::text[]) AS n`, [names])
}

/**
 * The lock on a source page's own links: an index run of the page holds it `shared`, the
 * re-resolution after the page is deleted `exclusive`, so a run that saw the page live has
 * stored its rows before they are deleted, and a later run sees the page deleted.
 */
export async function lockLinkSource(tx: Queryable, pageId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'
  await tx.query(`SELECT ${lock}(${SOURCE_LOCK}, hashtext($1))`, [pageId])
}

/** The space of a live page, or null when it is gone (call under its source lock). */
export async function findLiveSourcePage(tx: Queryable, pageId: string): Promise<{ spaceId: string } | null> {
  const rows = await tx.query<{ spaceId: string }>('SELECT space_id AS "spaceId" FROM pages WHERE id = $1 AND deleted_at IS NULL', [pageId])
  return rows[0] ?? null
}

/** Every title key a page can be found by: its title and its old titles. */
export async function pageTitleKeys(tx: Queryable, pageId: string): Promise<string[]> {
  const rows = await tx.query<{ key: string }>(
    'SELECT title_key AS key FROM pages WHERE id = $1 UNION SELECT title_key FROM page_aliases WHERE page_id = $1', [pageId])
  return rows.map((r) => r.key)
}

/** The live page each (space, title key) pair resolves to, keyed by `titleKeyOf(spaceId, key)`. */
export async function resolveTitleKeys(db: Queryable, pairs: { spaceId: string; key: string }[]): Promise<Map<string, ResolvedPage | null>> {
  if (pairs.length === 0) return new Map()
  const rows = await db.query<{ spaceId: string; key: string; id: string | null; title: string; slug: string; via: ResolvedPage['via'] }>(
    `SELECT t.space_id AS "spaceId", t.key, m.id, m.title, m.slug, m.via
     FROM unnest($1::uuid[], $2::text[]) AS t(space_id, key)
     LEFT JOIN LATERAL (${titleMatchesSql('t.space_id', 't.key')} ORDER BY rank LIMIT 1) m ON true`,
    [pairs.map((p) => p.spaceId), pairs.map((p) => p.key)],
  )
  return new Map(rows.map((r) => [titleKeyOf(r.spaceId, r.key), r.id ? { id: r.id, title: r.title, slug: r.slug, via: r.via } : null]))
}

/** The map key of a (space, title key) pair. */
export function titleKeyOf(spaceId: string, key: string): string {
  return `${spaceId}\n${key}`
}

/** The stored links of a page, in document order. */
export async function readPageLinks(db: Queryable, pageId: string): Promise<LinkRow[]> {
  return db.query<LinkRow>(
    `SELECT position, target_space_id AS "targetSpaceId", target_title AS "targetTitle", target_key AS "targetKey",
       target_page_id AS "targetPageId", label, snippet, snippet_from AS "snippetFrom", snippet_to AS "snippetTo"
     FROM links WHERE source_page_id = $1 ORDER BY position`,
    [pageId],
  )
}

/** Whether a page has any stored link (a quick look outside any transaction). */
export async function pageHasLinks(db: Queryable, pageId: string): Promise<boolean> {
  const [row] = await db.query<{ has: boolean }>('SELECT EXISTS (SELECT 1 FROM links WHERE source_page_id = $1) AS has', [pageId])
  return row.has
}

/** Replaces every stored link of a page with `links` (one statement each way), each with the page's creation time for paging backlinks. */
export async function replacePageLinks(tx: Queryable, pageId: string, links: LinkRow[]): Promise<void> {
  await tx.query('DELETE FROM links WHERE source_page_id = $1', [pageId])
  if (links.length === 0) return
  const column = <K extends keyof LinkRow>(key: K) => links.map((link) => link[key])
  await tx.query(
    `INSERT INTO links (source_page_id, source_created_at, position, target_space_id, target_title, target_key, target_page_id,
       label, snippet, snippet_from, snippet_to)
     SELECT $1, (SELECT created_at FROM pages WHERE id = $1), l.*
     FROM unnest($2::int[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::int[], $10::int[]) AS l`,
    [pageId, column('position'), column('targetSpaceId'), column('targetTitle'), column('targetKey'), column('targetPageId'),
      column('label'), column('snippet'), column('snippetFrom'), column('snippetTo')],
  )
}

/** Deletes a page's outgoing links; resolves to the pages they pointed at. */
export async function deletePageLinks(tx: Queryable, pageId: string): Promise<string[]> {
  const rows = await tx.query<{ pageId: string | null }>(
    'DELETE FROM links WHERE source_page_id = $1 RETURNING target_page_id AS "pageId"', [pageId])
  return [...new Set(rows.flatMap((r) => (r.pageId ? [r.pageId] : [])))]
}

/** The distinct pages a page links to. */
export async function linkedPageIds(db: Queryable, pageId: string): Promise<string[]> {
  const rows = await db.query<{ pageId: string }>(
    'SELECT DISTINCT target_page_id AS "pageId" FROM links WHERE source_page_id = $1 AND target_page_id IS NOT NULL', [pageId])
  return rows.map((r) => r.pageId)
}

/**
 * Resolves again the links into `spaceId` whose title key is one of `keys` or that point at one
 * of `pageIds`; resolves to the links whose target changed.
 */
export async function reresolveLinks(tx: Queryable, spaceId: string, keys: string[], pageIds: string[] = []): Promise<Relinked[]> {
  return tx.query<Relinked>(
    `WITH r AS (
       SELECT l.id, l.source_page_id, l.target_page_id AS old_id, ${resolvedPageIdSql('l.target_space_id', 'l.target_key')} AS new_id
       FROM links l WHERE l.target_space_id = $1 AND (l.target_key = ANY($2::text[]) OR l.target_page_id = ANY($3::uuid[])))
     UPDATE links SET target_page_id = r.new_id FROM r
     WHERE links.id = r.id AND r.new_id IS DISTINCT FROM r.old_id
     RETURNING r.source_page_id AS "sourcePageId", r.old_id AS "oldPageId", r.new_id AS "newPageId"`,
    [spaceId, keys, pageIds],
  )
}

/**
 * Brings the whole index in line with the pages as they are: drops links of deleted pages
 * and resolves every link again. For start-up, after a crash may have lost an event.
 */
export async function reconcileLinks(db: Queryable): Promise<number> {
  await db.query('DELETE FROM links l USING pages p WHERE p.id = l.source_page_id AND p.deleted_at IS NOT NULL')
  await db.query('DELETE FROM page_aliases a USING pages p WHERE p.id = a.page_id AND p.deleted_at IS NOT NULL')
  const rows = await db.query(
    `WITH r AS (SELECT l.id, l.target_page_id AS old_id, ${resolvedPageIdSql('l.target_space_id', 'l.target_key')} AS new_id FROM links l)
     UPDATE links SET target_page_id = r.new_id FROM r WHERE links.id = r.id AND r.new_id IS DISTINCT FROM r.old_id
     RETURNING links.id`,
  )
  return rows.length
}
