import type { Actor } from '../core/Actor.ts'
import { authorizePage } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import { findPage, markPageDeleted } from './pageQueries.ts'
import { liftChildren, lockSpaceTree } from './pageTreeQueries.ts'

/**
 * Deletes a page (editors only): it disappears from lists, links to it turn red, and its
 * subpages move up to take its place in the tree.
 */
export async function deletePage(services: Services, actor: Actor, pageId: string): Promise<void> {
  const { page } = await authorizePage(services.db, actor, pageId, 'edit')
  await services.db.transaction(async (tx) => {
    await lockSpaceTree(tx, page.spaceId)
    const current = await findPage(tx, page.id)
    if (!current) return
    await markPageDeleted(tx, page.id)
    await liftChildren(tx, current)
  })
  services.hocuspocus.closeConnections(page.id)
  services.events.emit('pageDeleted', { pageId: page.id, spaceId: page.spaceId, title: page.title })
}
