import type { Queryable } from '../core/db/Db.ts'
import { invalidInput } from '../core/AppError.ts'
import { isUuid } from '../core/isUuid.ts'
import type { KeysetPage } from '../core/creationKeysetPage.ts'
import { decodeKeysetCursor, encodeKeysetCursor } from '../core/keysetCursor.ts'
import { normalizeTitle } from '../../shared/wikiTitle.ts'
import { PAGE_COLUMNS, type PageRow } from './pageQueries.ts'

/** How the paged page list is ordered besides newest created (pageListPage). */
export type PageListOrder = 'title' | 'changed'

interface Keyed extends PageRow { sortKey: string }

const MICROSECONDS = /^-?\d{1,16}$/
const refuse = () => invalidInput('This cursor is not one this listing gave out; start again from the first page.', 'invalid_cursor')

/**
 * A space's pages `limit` at a time, by title (A→Z, on pages_space_title_idx, whose title keys
 * are unique) or most recently changed first (ties by id), continuing after `cursor`; only
 * those whose title starts with `prefix` (compared as titles are: case and spacing folded)
 * when given. The caller has authorized reading `spaceId`. By title a walk neither loses nor
 * repeats a page while pages are added; by change, a page edited during the walk moves to
 * the top (seen again on a fresh start, not in this walk).
 */
export async function pageListOrdered(
  db: Queryable, spaceId: string, order: PageListOrder, limit: number, cursor?: string, prefix?: string,
): Promise<KeysetPage<PageRow>> {
  const key = prefix ? normalizeTitle(prefix) : ''
  const scope = `${order}:${spaceId}`
  let after: string[] | null = null
  if (cursor !== undefined) {
    after = decodeKeysetCursor(cursor, scope, 2).key
    if (!isUuid(after[1]) || (order === 'changed' && !MICROSECONDS.test(after[0]))) throw refuse()
  }
  const filter = `p.space_id = $1 AND p.deleted_at IS NULL AND ($3 = '' OR starts_with(p.title_key, $3))`
  const fetched = order === 'title'
    ? await db.query<Keyed>(
      `SELECT ${PAGE_COLUMNS}, p.title_key AS "sortKey" FROM pages p
       WHERE ${filter} AND p.title_key >= $3 AND ($4::text IS NULL OR p.title_key > $4)
       ORDER BY p.title_key LIMIT $2`,
      [spaceId, limit + 1, key, after?.[0] ?? null])
    : await db.query<Keyed>(
      `SELECT ${PAGE_COLUMNS}, (extract(epoch FROM p.updated_at) * 1000000)::bigint::text AS "sortKey" FROM pages p
       WHERE ${filter}
         AND ($4::bigint IS NULL OR (p.updated_at, p.id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
       ORDER BY p.updated_at DESC, p.id DESC LIMIT $2`,
      [spaceId, limit + 1, key, after?.[0] ?? null, after?.[1] ?? null])
  const rows = fetched.slice(0, limit)
  const last = rows.at(-1)
  const nextCursor = fetched.length > limit && last ? encodeKeysetCursor({ scope, key: [last.sortKey, last.id] }) : null
  return { rows, nextCursor }
}
