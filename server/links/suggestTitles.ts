import type { ApiTitleSuggestion } from '../../shared/linkTypes.ts'
import { normalizeTitle } from '../../shared/wikiTitle.ts'
import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { listReadableSpaces, type SpaceWithRole } from '../spaces/spaceQueries.ts'
import { matchTitles } from './titleQueries.ts'

// Any case, as titles: `Novocherkassk-1962:Nov` finds the pages of `novocherkassk-1962`.
const SPACE_PREFIX = /^([a-z0-9][a-z0-9-]*):(.*)$/isu

/**
 * What to offer while `[[prefix` is typed in a page of `space`: its pages whose titles match,
 * and the other spaces the actor may read (`space-slug:`); once a readable space's prefix is
 * typed, that space's pages. Nothing from a space the actor may not read.
 */
export async function suggestTitles(db: Queryable, actor: Actor, space: SpaceWithRole, prefix: string, limit: number): Promise<ApiTitleSuggestion[]> {
  const readable = await listReadableSpaces(db, actor.userId)
  const [, slug, rest] = SPACE_PREFIX.exec(prefix.trimStart()) ?? []
  const other = slug ? readable.find((s) => s.slug === slug.toLowerCase()) : undefined
  if (other) {
    const pages = await matchTitles(db, other.id, normalizeTitle(rest), limit)
    const target = (title: string) => (other.id === space.id ? title : `${other.slug}:${title}`)
    return pages.map((p) => ({ kind: 'page', target: target(p.title), title: p.title, pageId: p.id, spaceSlug: other.slug }))
  }
  const key = normalizeTitle(prefix)
  const pages = await matchTitles(db, space.id, key, limit)
  const suggestions: ApiTitleSuggestion[] = pages.map((p) => ({ kind: 'page', target: p.title, title: p.title, pageId: p.id, spaceSlug: space.slug }))
  for (const s of readable.filter((s) => s.id !== space.id && spaceMatches(s, key))) {
    if (suggestions.length >= limit) break
    suggestions.push({ kind: 'space', target: `${s.slug}:`, title: s.name, pageId: null, spaceSlug: s.slug })
  }
  return suggestions
}

/** Whether a space is worth offering for what was typed (nothing typed offers every space). */
function spaceMatches(space: SpaceWithRole, key: string): boolean {
  return space.slug.startsWith(key) || normalizeTitle(space.name).includes(key)
}
