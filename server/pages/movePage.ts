import type { Actor } from '../core/Actor.ts'
import { conflict } from '../core/AppError.ts'
import { authorizePage } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import { findPage, type PageRow } from './pageQueries.ts'
import { isSelfOrAncestor, lockSpaceTree, placePage } from './pageTreeQueries.ts'
import { requireParentIn } from './requireParentIn.ts'

/**
 * Moves a page in its space's tree (editors only): under `parentId` (null = top level) at
 * `position` among its new siblings. Refuses a parent outside the space (400) and a parent
 * inside the page's own subtree (409). Links are by title, so none breaks.
 */
export async function movePage(
  services: Services, actor: Actor, pageId: string, target: { parentId: string | null; position: number },
): Promise<PageRow> {
  const { page } = await authorizePage(services.db, actor, pageId, 'edit')
  await services.db.transaction(async (tx) => {
    await lockSpaceTree(tx, page.spaceId)
    // Re-read under the lock: another move may have changed its place since.
    const current = await findPage(tx, page.id)
    if (!current) return
    if (target.parentId) {
      await requireParentIn(tx, target.parentId, page.spaceId)
      if (await isSelfOrAncestor(tx, page.id, target.parentId)) {
        throw conflict('A page cannot go under itself or one of its own subpages.', 'tree_cycle')
      }
    }
    await placePage(tx, current, target.parentId, target.position)
  })
  const moved = await findPage(services.db, page.id)
  if (!moved) throw conflict('The page was deleted meanwhile.', 'page_deleted')
  services.events.emit('pageMoved', { pageId: page.id, spaceId: page.spaceId })
  return moved
}
