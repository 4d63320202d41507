import { normalizeTitle, parseLinkTarget, splitSection } from '../../shared/wikiTitle.ts'

/** Where a link target points: a space and a title (with its match key) in it. */
export interface PlacedTarget<S> {
  space: S
  title: string
  key: string
}

/**
 * Places a link target (`Title` or `space-slug:Title`) relative to the space it is written in.
 * A `#Section` suffix is dropped: a link to a section is a link to its page.
 * A prefix that names no space is part of the title (`1962: the strike` is a title), as in
 * MediaWiki. Resolves to null for a target with no title.
 */
export async function placeTarget<S>(
  target: string, ownSpace: S, findSpaceBySlug: (slug: string) => Promise<S | null>,
): Promise<PlacedTarget<S> | null> {
  const parsed = parseLinkTarget(target)
  let space = ownSpace
  let title = parsed.title
  if (parsed.spaceSlug) {
    const named = await findSpaceBySlug(parsed.spaceSlug)
    if (named) space = named
    else title = splitSection(target).page
  }
  const key = normalizeTitle(title)
  return key ? { space, title, key } : null
}

/** Memoizes a slug lookup for the length of one operation (a page names few spaces, often). */
export function cachedLookup<S>(find: (slug: string) => Promise<S | null>): (slug: string) => Promise<S | null> {
  const cache = new Map<string, Promise<S | null>>()
  return (slug) => {
    let hit = cache.get(slug)
    if (!hit) cache.set(slug, (hit = find(slug)))
    return hit
  }
}
