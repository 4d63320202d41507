import { invalidInput } from './AppError.ts'
import { isUuid } from './isUuid.ts'
import { decodeKeysetCursor, encodeKeysetCursor } from './keysetCursor.ts'

/** Where a listing by creation stopped: creation time in microseconds since 1970 (text) and id. */
export interface CreationKey {
  createdKey: string
  id: string
}

/** One page of a listing and the cursor of the next one (null: that was the last). */
export interface KeysetPage<T> {
  rows: T[]
  nextCursor: string | null
}

const MICROSECONDS = /^-?\d{1,16}$/

/**
 * One page of a listing ordered by (creation time, id), newest first: decodes `cursor` (made
 * for `scope`; a 400 `invalid_cursor` otherwise), fetches one row more than `limit` to know
 * whether more follow, and makes the next cursor from the last row sent.
 */
export async function creationKeysetPage<T>(
  scope: string, limit: number, cursor: string | undefined,
  fetch: (limit: number, after: CreationKey | undefined) => Promise<T[]>, keyOf: (row: T) => CreationKey,
): Promise<KeysetPage<T>> {
  let after: CreationKey | undefined
  if (cursor !== undefined) {
    const [createdKey, id] = decodeKeysetCursor(cursor, scope, 2).key
    if (!MICROSECONDS.test(createdKey) || !isUuid(id)) throw invalidInput('This cursor is not one this listing gave out; start again from the first page.', 'invalid_cursor')
    after = { createdKey, id }
  }
  const fetched = await fetch(limit + 1, after)
  const rows = fetched.slice(0, limit)
  const last = rows.at(-1)
  const key = fetched.length > limit && last ? keyOf(last) : undefined
  return { rows, nextCursor: key ? encodeKeysetCursor({ scope, key: [key.createdKey, key.id] }) : null }
}
