import type { Actor } from '../core/Actor.ts'
import { cleanTitle, normalizeTitle, slugify } from '../../shared/wikiTitle.ts'
import { conflict } from '../core/AppError.ts'
import { authorizePage } from '../policies/authorize.ts'
import type { Services } from '../core/Services.ts'
import { findPage, updatePageTitle, type PageRow } from './pageQueries.ts'

/** Renames a page (editors only). Throws 409 when another page has the title. */
export async function renamePage(services: Services, actor: Actor, pageId: string, rawTitle: string): Promise<PageRow> {
  const { page } = await authorizePage(services.db, actor, pageId, 'edit')
  const title = cleanTitle(rawTitle)
  if (title === page.title) return page
  const ok = await updatePageTitle(services.db, page.id, title, normalizeTitle(title), slugify(title) || 'page')
  if (!ok) throw conflict(`A page titled “${title}” already exists in this space.`, 'title_taken')
  services.events.emit('pageRenamed', { pageId: page.id, spaceId: page.spaceId, oldTitle: page.title, title })
  return (await findPage(services.db, page.id))!
}
