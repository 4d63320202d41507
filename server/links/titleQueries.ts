import type { Queryable } from '../core/db/Db.ts'

/** A page offered while a link is being typed. */
export interface TitleMatch {
  id: string
  title: string
  slug: string
}

/** Escapes LIKE's wildcards so a typed `%` or `_` matches itself. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/gu, (c) => `\\${c}`)
}

/**
 * Live pages of a space whose title contains `key` (a normalized title fragment): titles that
 * start with it first, then those with a word that does, then the rest; shorter first. An
 * empty key lists the most recently changed pages.
 */
export async function matchTitles(db: Queryable, spaceId: string, key: string, limit: number): Promise<TitleMatch[]> {
  if (!key) {
    return db.query<TitleMatch>(
      `SELECT id, title, slug FROM pages WHERE space_id = $1 AND deleted_at IS NULL ORDER BY updated_at DESC, title_key LIMIT $2`,
      [spaceId, limit])
  }
  const literal = likeLiteral(key)
  return db.query<TitleMatch>(
    `SELECT id, title, slug FROM pages
     WHERE space_id = $1 AND deleted_at IS NULL AND title_key LIKE $2 ESCAPE '\\'
     ORDER BY CASE WHEN title_key LIKE $3 ESCAPE '\\' THEN 0 WHEN title_key LIKE $4 ESCAPE '\\' THEN 1 ELSE 2 END,
       length(title_key), title_key
     LIMIT $5`,
    [spaceId, `%${literal}%`, `${literal}%`, `% ${literal}%`, limit],
  )
}
