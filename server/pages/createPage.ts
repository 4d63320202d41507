import type { Actor } from '../core/Actor.ts'
import { cleanTitle, normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { conflict } from '../core/AppError.ts'
import { authorizeSpace } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import { insertPage, type PageRow } from './pageQueries.ts'

/** Creates an empty page in a space (editors only). Throws 409 when the title exists there. */
export async function createPage(services: Services, actor: Actor, spaceId: string, rawTitle: string): Promise<PageRow> {
  const { space } = await authorizeSpace(services.db, actor, spaceId, 'edit')
  const title = cleanTitle(rawTitle)
  const page = await insertPage(services.db, {
    spaceId: space.id, title, titleKey: normalizeTitle(title), slug: slugify(title) || 'page', createdBy: actor.userId,
  })
  if (!page) throw conflict(`A page titled “${title}” already exists in this space.`, 'title_taken')
  services.events.emit('pageCreated', { pageId: page.id, spaceId: space.id, title })
  return page
}
