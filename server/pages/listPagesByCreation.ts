import type { Queryable } from '../core/db/Db.ts'
import { PAGE_COLUMNS, type PageRow } from './pageQueries.ts'

/** A page of the listing, with its exact sort key: creation time in microseconds since 1970, as text. */
export interface PageByCreation extends PageRow {
  createdKey: string
}

/** Microseconds since 1970 ↔ timestamptz, exactly (a JavaScript Date keeps only milliseconds). */
const KEY = `(extract(epoch FROM p.created_at) * 1000000)::bigint::text`
const FROM_KEY = `(timestamptz 'epoch' + $3::bigint * interval '1 microsecond')`

/**
 * Up to `limit` live pages of a space, newest created first (ties by id, descending), after
 * `after` (the sort key of the last page already sent). Keyset paging on
 * pages_space_created_idx: each page of results costs the same however deep it is.
 */
export async function listPagesByCreation(
  db: Queryable, spaceId: string, limit: number, after?: { createdKey: string; id: string },
): Promise<PageByCreation[]> {
  return db.query<PageByCreation>(
    `SELECT ${PAGE_COLUMNS}, ${KEY} AS "createdKey" FROM pages p
     WHERE p.space_id = $1 AND p.deleted_at IS NULL
       AND ($3::bigint IS NULL OR (p.created_at, p.id) < (${FROM_KEY}, $4::uuid))
     ORDER BY p.created_at DESC, p.id DESC LIMIT $2`,
    [spaceId, limit, after?.createdKey ?? null, after?.id ?? null],
  )
}
