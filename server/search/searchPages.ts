import type { ApiSearchResult } from '../../shared/searchApi.ts'
import type { Actor } from '../core/Actor.ts'
import type { Db } from '../core/db/Db.ts'
import { authorizeSpace } from '../policies/authorize.ts'
import { readableSpaceIds } from '../policies/readableSpaceIds.ts'
import { searchPageRows } from './searchQueries.ts'
import { searchTerms } from './searchTerms.ts'
import { snippetHtml } from './snippetHtml.ts'

/**
 * Searches the pages the actor may read — in one space when `spaceId` is given (404 when
 * that space is not readable), else in every readable space — best match first.
 */
export async function searchPages(
  db: Db, actor: Actor, query: { q: string; spaceId?: string; limit: number },
): Promise<ApiSearchResult[]> {
  const spaceIds = query.spaceId
    ? [(await authorizeSpace(db, actor, query.spaceId, 'read')).space.id]
    : await readableSpaceIds(db, actor)
  const terms = searchTerms(query.q)
  if (!terms) return []
  const rows = await searchPageRows(db, terms, spaceIds, query.limit)
  return rows.map((row) => ({
    pageId: row.pageId,
    spaceId: row.spaceId,
    title: row.title,
    snippet: snippetHtml(row.snippet),
    slug: row.slug,
    spaceSlug: row.spaceSlug,
    spaceName: row.spaceName,
    updatedAt: row.updatedAt.toISOString(),
  }))
}
