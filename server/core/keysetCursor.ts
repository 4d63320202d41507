import { z } from 'zod'
import { invalidInput } from './AppError.ts'

/**
 * Where a keyset-paged listing stopped: the listing it belongs to (`scope`, e.g. a space's
 * id) and the sort key of the last row sent. Opaque to clients (base64url JSON); it carries
 * no authority: the query still filters by the scope the caller was authorized for, and a
 * cursor of another scope is refused, so a forged one can only move within rows already
 * readable.
 */
export interface KeysetCursor {
  scope: string
  key: string[]
}

// A key part may be a title key (wanted pages are paged by title): up to 1,024 characters.
const MAX_LENGTH = 6000
const cursorJson = z.object({ s: z.string().min(1).max(64), k: z.array(z.string().max(1024)).min(1).max(4) }).strict()

/** The opaque text of a cursor. */
export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.scope, k: cursor.key })).toString('base64url')
}

/** The cursor in `text`, made for `scope` with `keyLength` key parts; a 400 `invalid_cursor` otherwise. */
export function decodeKeysetCursor(text: string, scope: string, keyLength: number): KeysetCursor {
  const refuse = () => invalidInput('This cursor is not one this listing gave out; start again from the first page.', 'invalid_cursor')
  if (text.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw refuse()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw refuse()
  }
  const found = cursorJson.safeParse(parsed)
  if (!found.success || found.data.s !== scope || found.data.k.length !== keyLength) throw refuse()
  return { scope: found.data.s, key: found.data.k }
}
