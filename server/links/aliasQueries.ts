import type { Queryable } from '../core/db/Db.ts'

/** An old title of a page that still resolves to it. */
export interface AliasRow {
  title: string
  createdAt: Date
}

/** Records `title` as an old title of the page (a later rename away from the same title wins). */
export async function upsertAlias(tx: Queryable, alias: { spaceId: string; titleKey: string; title: string; pageId: string }): Promise<void> {
  await tx.query(
    `INSERT INTO page_aliases (space_id, title_key, title, page_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (space_id, title_key) DO UPDATE SET title = EXCLUDED.title, page_id = EXCLUDED.page_id, created_at = now()`,
    [alias.spaceId, alias.titleKey, alias.title, alias.pageId],
  )
}

/** Drops the page's alias with this key (a page renamed back to an old title needs none). */
export async function deleteAlias(tx: Queryable, pageId: string, titleKey: string): Promise<void> {
  await tx.query('DELETE FROM page_aliases WHERE page_id = $1 AND title_key = $2', [pageId, titleKey])
}

/** Drops every alias of a page (it was deleted: its old titles are free again). */
export async function deletePageAliases(tx: Queryable, pageId: string): Promise<void> {
  await tx.query('DELETE FROM page_aliases WHERE page_id = $1', [pageId])
}

/** A page's old titles, newest first. */
export async function listAliases(db: Queryable, pageId: string): Promise<AliasRow[]> {
  return db.query<AliasRow>(
    'SELECT title, created_at AS "createdAt" FROM page_aliases WHERE page_id = $1 ORDER BY created_at DESC, title_key', [pageId])
}

/** The title keys of every alias in a space (titles an import must not take over). */
export async function listAliasKeys(db: Queryable, spaceId: string): Promise<Set<string>> {
  const rows = await db.query<{ titleKey: string }>('SELECT title_key AS "titleKey" FROM page_aliases WHERE space_id = $1', [spaceId])
  return new Set(rows.map((row) => row.titleKey))
}
