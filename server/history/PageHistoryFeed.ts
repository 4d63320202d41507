import { ReaderFeed } from '../core/ReaderFeed.ts'
import type { Db } from '../core/db/Db.ts'
import type { Logger } from '../core/logger.ts'
import { loadPageAccess, loadSpaceAccess } from '../policies/accessQueries.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'

/**
 * Who has which page's history open on this instance, keyed by page: a reader hears
 * `changed(pageId)` when a revision of the page is cut, while they may still read the page.
 */
export class PageHistoryFeed extends ReaderFeed {
  constructor(db: Db, logger: Logger) {
    super(async (pageId, actor) => {
      const page = await loadPageAccess(db, pageId)
      const space = page && (await loadSpaceAccess(db, { id: page.spaceId }, actor.userId))
      return Boolean(space && spaceAbilities(actor, space).read)
    }, logger, 'page history readers')
  }
}
