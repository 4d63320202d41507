import type { Actor } from '../core/Actor.ts'
import { cleanTitle, normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { conflict } from '../core/AppError.ts'
import { authorizeSpace } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import { insertPage, type PageRow } from './pageQueries.ts'
import { lockSpaceTree } from './pageTreeQueries.ts'
import { requireParentIn } from './requireParentIn.ts'

/**
 * Creates an empty page in a space (editors only), last under `parentId` when given (a live
 * page of the same space) or at the top level. Throws 409 when the title exists there.
 */
export async function createPage(
  services: Services, actor: Actor, spaceId: string, rawTitle: string, parentId: string | null = null,
): Promise<PageRow> {
  const { space } = await authorizeSpace(services.db, actor, spaceId, 'edit')
  const title = cleanTitle(rawTitle)
  const page = await services.db.transaction(async (tx) => {
    await lockSpaceTree(tx, space.id)
    if (parentId) await requireParentIn(tx, parentId, space.id)
    return insertPage(tx, {
      spaceId: space.id, title, titleKey: normalizeTitle(title), slug: slugify(title) || 'page', createdBy: actor.userId, parentId,
    })
  })
  if (!page) throw conflict(`A page titled “${title}” already exists in this space.`, 'title_taken')
  services.events.emit('pageCreated', { pageId: page.id, spaceId: space.id, title })
  return page
}
