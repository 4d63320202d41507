import type { Queryable } from '../core/db/Db.ts'

/** What a page's search document is built from. */
export interface SearchSource {
  spaceId: string
  title: string
  text: string
  deleted: boolean
  /** Former titles already recorded for the page. */
  aliases: string[]
}

/** The fields of a search document, computed by refreshSearchDocument. */
export interface SearchDocumentFields {
  pageId: string
  spaceId: string
  /** Title in Latin script, words only (folded by search_fold in SQL). */
  titleKey: string
  aliases: string[]
  aliasKey: string
  /** What is indexed at each weight: title (A), aliases (B), text (C). */
  titleText: string
  aliasText: string
  bodyText: string
  recipe: number
}

// Namespace of the per-page advisory lock that serializes rebuilds of one search document.
const LOCK_SPACE = 7_415_964

/** Waits until no other transaction is rebuilding this page's search document. */
export async function lockSearchDocument(tx: Queryable, pageId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, pageId])
}

/** The page as search indexes it, with the aliases recorded so far; null when there is no such page. */
export async function readSearchSource(db: Queryable, pageId: string): Promise<SearchSource | null> {
  const rows = await db.query<SearchSource>(
    `SELECT p.space_id AS "spaceId", p.title, p.content_text AS text, p.deleted_at IS NOT NULL AS deleted,
            coalesce(d.aliases, '{}') AS aliases
     FROM pages p LEFT JOIN search_documents d ON d.page_id = p.id WHERE p.id = $1`,
    [pageId],
  )
  return rows[0] ?? null
}

/**
 * Writes a page's search document: its titles row (search_titles: folded keys and the titles
 * vector) and its text row (search_documents: former titles and the vector of everything), in
 * both text search configurations. A row whose words did not change is not rewritten.
 */
export async function upsertSearchDocument(db: Queryable, doc: SearchDocumentFields): Promise<void> {
  await db.query(
    `WITH v AS (
       SELECT setweight(to_tsvector('search_simple', $6) || to_tsvector('search_english', $6), 'A')
              || setweight(to_tsvector('search_simple', $7) || to_tsvector('search_english', $7), 'B') AS titles
     ),
     titles AS (
       INSERT INTO search_titles (page_id, space_id, title_key, alias_key, titles)
       SELECT $1, $2, search_fold($3), search_fold($5), v.titles FROM v
       ON CONFLICT (page_id) DO UPDATE SET space_id = EXCLUDED.space_id, title_key = EXCLUDED.title_key,
         alias_key = EXCLUDED.alias_key, titles = EXCLUDED.titles
       -- An edit that left the title alone rewrites no row and no index entry.
       WHERE (search_titles.space_id, search_titles.title_key, search_titles.alias_key, search_titles.titles)
         IS DISTINCT FROM (EXCLUDED.space_id, EXCLUDED.title_key, EXCLUDED.alias_key, EXCLUDED.titles)
     )
     INSERT INTO search_documents (page_id, space_id, aliases, document, recipe, updated_at)
     SELECT $1, $2, $4, v.titles || setweight(to_tsvector('search_simple', $8) || to_tsvector('search_english', $8), 'C'), $9, now()
     FROM v
     ON CONFLICT (page_id) DO UPDATE SET space_id = EXCLUDED.space_id, aliases = EXCLUDED.aliases,
       document = EXCLUDED.document, recipe = EXCLUDED.recipe, updated_at = EXCLUDED.updated_at
     -- An edit that left the words alone (formatting, say) rewrites no row and no index entry.
     WHERE (search_documents.space_id, search_documents.aliases, search_documents.document, search_documents.recipe)
       IS DISTINCT FROM (EXCLUDED.space_id, EXCLUDED.aliases, EXCLUDED.document, EXCLUDED.recipe)`,
    [doc.pageId, doc.spaceId, doc.titleKey, doc.aliases, doc.aliasKey, doc.titleText, doc.aliasText, doc.bodyText, doc.recipe],
  )
}

export async function deleteSearchDocument(db: Queryable, pageId: string): Promise<void> {
  await db.query('DELETE FROM search_titles WHERE page_id = $1', [pageId])
  await db.query('DELETE FROM search_documents WHERE page_id = $1', [pageId])
}

/** Live pages without a search document, or with one built by an older recipe. */
export async function pagesNeedingSearchDocuments(db: Queryable, recipe: number, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT p.id FROM pages p LEFT JOIN search_documents d ON d.page_id = p.id
     WHERE p.deleted_at IS NULL AND (d.page_id IS NULL OR d.recipe < $1) LIMIT $2`,
    [recipe, limit],
  )
  return rows.map((row) => row.id)
}
