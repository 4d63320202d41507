import type { Actor } from '../core/Actor.ts'
import { authorizePage } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import { markPageDeleted } from './pageQueries.ts'

/** Deletes a page (editors only): it disappears from lists and links to it turn red. */
export async function deletePage(services: Services, actor: Actor, pageId: string): Promise<void> {
  const { page } = await authorizePage(services.db, actor, pageId, 'edit')
  await markPageDeleted(services.db, page.id)
  services.hocuspocus.closeConnections(page.id)
  services.events.emit('pageDeleted', { pageId: page.id, spaceId: page.spaceId, title: page.title })
}
