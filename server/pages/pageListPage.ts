import type { Queryable } from '../core/db/Db.ts'
import { isUuid } from '../core/isUuid.ts'
import { decodeKeysetCursor, encodeKeysetCursor } from '../core/keysetCursor.ts'
import { invalidInput } from '../core/AppError.ts'
import { listPagesByCreation } from './listPagesByCreation.ts'
import type { PageRow } from './pageQueries.ts'

/** One page of a space's page list, and the cursor of the next one (null: that was the last). */
export interface PageListPage {
  pages: PageRow[]
  nextCursor: string | null
}

const MICROSECONDS = /^-?\d{1,16}$/

/**
 * A space's pages `limit` at a time, newest created first, continuing after `cursor` (as the
 * previous page gave it). The caller has authorized reading `spaceId`; a cursor made for
 * another space, or not made here at all, is a 400 `invalid_cursor`.
 */
export async function pageListPage(db: Queryable, spaceId: string, limit: number, cursor?: string): Promise<PageListPage> {
  let after: { createdKey: string; id: string } | undefined
  if (cursor !== undefined) {
    const [createdKey, id] = decodeKeysetCursor(cursor, spaceId, 2).key
    if (!MICROSECONDS.test(createdKey) || !isUuid(id)) throw invalidInput('This cursor is not one this listing gave out; start again from the first page.', 'invalid_cursor')
    after = { createdKey, id }
  }
  const rows = await listPagesByCreation(db, spaceId, limit + 1, after)
  const pages = rows.slice(0, limit)
  const last = pages.at(-1)
  const nextCursor = rows.length > limit && last ? encodeKeysetCursor({ scope: spaceId, key: [last.createdKey, last.id] }) : null
  return { pages, nextCursor }
}
