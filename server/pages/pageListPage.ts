import type { Queryable } from '../core/db/Db.ts'
import { creationKeysetPage, type KeysetPage } from '../core/creationKeysetPage.ts'
import { listPagesByCreation } from './listPagesByCreation.ts'
import type { PageRow } from './pageQueries.ts'

/**
 * A space's pages `limit` at a time, newest created first, continuing after `cursor` (as the
 * previous page gave it). The caller has authorized reading `spaceId`; a cursor made for
 * another space, or not made here at all, is a 400 `invalid_cursor`.
 */
export function pageListPage(db: Queryable, spaceId: string, limit: number, cursor?: string): Promise<KeysetPage<PageRow>> {
  return creationKeysetPage(spaceId, limit, cursor,
    (n, after) => listPagesByCreation(db, spaceId, n, after),
    (page) => ({ createdKey: page.createdKey, id: page.id }))
}
