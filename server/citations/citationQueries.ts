import type { ApiCitingPage } from '../../shared/citations/citationTypes.ts'
import type { Queryable } from '../core/db/Db.ts'

/** A row of `citations`: one citation, note or marker of a page. */
export interface CitationRow {
  position: number
  kind: 'source' | 'note' | 'needed'
  sourceId: string | null
  locator: string
  note: string
}

/** A page's citation rows, in document order. */
export async function readPageCitations(db: Queryable, pageId: string): Promise<CitationRow[]> {
  return db.query<CitationRow>(
    `SELECT position, kind, source_id AS "sourceId", locator, note FROM citations WHERE page_id = $1 ORDER BY position`, [pageId])
}

/** Whether a page has any stored citation, note or marker (a quick look outside any transaction). */
export async function pageHasCitations(db: Queryable, pageId: string): Promise<boolean> {
  const [row] = await db.query<{ has: boolean }>('SELECT EXISTS (SELECT 1 FROM citations WHERE page_id = $1) AS has', [pageId])
  return row.has
}

/** Replaces a page's citation rows. */
export async function replacePageCitations(tx: Queryable, pageId: string, rows: CitationRow[]): Promise<void> {
  await tx.query('DELETE FROM citations WHERE page_id = $1', [pageId])
  if (rows.length === 0) return
  await tx.query(
    `INSERT INTO citations (page_id, position, kind, source_id, locator, note)
     SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::uuid[], $5::text[], $6::text[])`,
    [pageId, rows.map((r) => r.position), rows.map((r) => r.kind), rows.map((r) => r.sourceId), rows.map((r) => r.locator), rows.map((r) => r.note)])
}

/** The live page of `pageId`, locked against deletion while its citations are written; null when gone. */
export async function lockLiveCitingPage(tx: Queryable, pageId: string): Promise<{ spaceId: string } | null> {
  const rows = await tx.query<{ spaceId: string }>(
    'SELECT space_id AS "spaceId" FROM pages WHERE id = $1 AND deleted_at IS NULL FOR SHARE', [pageId])
  return rows[0] ?? null
}

const PAGE = 'p.id AS "pageId", p.title, p.slug, count(*)::integer AS uses'

/**
 * The live pages of the source's own space that cite it, by title. A page of another space
 * naming the same id cites nothing: a library belongs to its space.
 */
export async function listCitingPages(db: Queryable, spaceId: string, sourceId: string): Promise<ApiCitingPage[]> {
  return db.query<ApiCitingPage>(
    `SELECT ${PAGE} FROM citations c JOIN pages p ON p.id = c.page_id
     WHERE c.source_id = $2 AND c.kind = 'source' AND p.space_id = $1 AND p.deleted_at IS NULL
     GROUP BY p.id ORDER BY p.title_key`, [spaceId, sourceId])
}

/** The live pages of a space holding citation-needed markers, by title, with how many. */
export async function listPagesNeedingCitations(db: Queryable, spaceId: string): Promise<ApiCitingPage[]> {
  return db.query<ApiCitingPage>(
    `SELECT ${PAGE} FROM citations c JOIN pages p ON p.id = c.page_id
     WHERE c.kind = 'needed' AND p.space_id = $1 AND p.deleted_at IS NULL
     GROUP BY p.id ORDER BY p.title_key`, [spaceId])
}

/** The live pages of a space that cite no source at all (notes do not count), by title. */
export async function listUncitedPages(db: Queryable, spaceId: string): Promise<ApiCitingPage[]> {
  return db.query<ApiCitingPage>(
    `SELECT p.id AS "pageId", p.title, p.slug, 0 AS uses FROM pages p
     WHERE p.space_id = $1 AND p.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.page_id = p.id AND c.kind = 'source')
     ORDER BY p.title_key`, [spaceId])
}
