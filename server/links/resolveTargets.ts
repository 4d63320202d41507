import type { ApiTargetResolution } from '../../shared/linkTypes.ts'
import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import { findSpaceBySlug, type SpaceWithRole } from '../spaces/spaceQueries.ts'
import { resolveTitleKeys, titleKeyOf } from './linkQueries.ts'
import { cachedLookup, placeTarget } from './placeTarget.ts'

/**
 * Where each link target written in `space` leads, as the actor may know it: a page by its
 * title or an old title, or null (a red link — also for a space the actor may not read, so
 * a hidden page's existence never shows).
 */
export async function resolveTargets(db: Queryable, actor: Actor, space: SpaceWithRole, targets: string[]): Promise<ApiTargetResolution[]> {
  const findSpace = cachedLookup((slug) => findSpaceBySlug(db, slug, actor.userId))
  const placed = await Promise.all(targets.map(async (target) => {
    const at = await placeTarget(target, space, findSpace)
    return at && spaceAbilities(actor, at.space).read ? at : null
  }))
  const resolved = await resolveTitleKeys(db, placed.flatMap((at) => (at ? [{ spaceId: at.space.id, key: at.key }] : [])))
  return targets.map((target, i) => {
    const at = placed[i]
    const page = at && resolved.get(titleKeyOf(at.space.id, at.key))
    return {
      target,
      page: at && page
        ? { pageId: page.id, title: page.title, slug: page.slug, spaceId: at.space.id, spaceSlug: at.space.slug, via: page.via }
        : null,
    }
  })
}
