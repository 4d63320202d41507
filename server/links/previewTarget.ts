import type { ApiLinkPreview } from '../../shared/previewTypes.ts'
import { cleanTitle, parseLinkTarget } from '../../shared/wikiTitle.ts'
import type { Actor } from '../core/Actor.ts'
import type { Queryable } from '../core/db/Db.ts'
import { presentPagePreview } from '../pages/presentPagePreview.ts'
import { findPageLeads } from '../pages/previewQueries.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import { findSpaceBySlug, type SpaceWithRole } from '../spaces/spaceQueries.ts'
import { resolveTitleKeys, titleKeyOf } from './linkQueries.ts'
import { placeTarget } from './placeTarget.ts'

/**
 * What a link target written in `space` leads to, for a hover card: the preview of a page the
 * actor may read, a red link in a space they may read (with whether they may create it), or
 * nothing but the title. The last is the answer for every `prefix:Title` whose prefix names no
 * space the actor may read — a private space and no space at all answer alike, so a hover
 * never tells that a private space (or page) exists. (A red link such as `1962: the strike`,
 * whose prefix names no space, is created from the page it leads to rather than from the card.)
 */
export async function previewTarget(db: Queryable, actor: Actor, space: SpaceWithRole, target: string): Promise<ApiLinkPreview> {
  const parsed = parseLinkTarget(target)
  const hidden: ApiLinkPreview = {
    target, state: 'hidden', title: parsed.title || cleanTitle(target), preview: null, canCreate: false, spaceSlug: null,
  }
  const named = parsed.spaceSlug ? await findSpaceBySlug(db, parsed.spaceSlug, actor.userId) : null
  if (parsed.spaceSlug && !(named && spaceAbilities(actor, named).read)) return hidden
  const at = await placeTarget(target, space, async () => named)
  if (!at) return hidden
  const abilities = spaceAbilities(actor, at.space)
  if (!abilities.read) return hidden
  const found = (await resolveTitleKeys(db, [{ spaceId: at.space.id, key: at.key }])).get(titleKeyOf(at.space.id, at.key))
  const [page] = found ? await findPageLeads(db, [found.id]) : []
  if (page) return { target, state: 'page', title: page.title, preview: presentPagePreview(page, at.space), canCreate: false, spaceSlug: at.space.slug }
  return { target, state: 'missing', title: at.title, preview: null, canCreate: abilities.edit, spaceSlug: at.space.slug }
}
