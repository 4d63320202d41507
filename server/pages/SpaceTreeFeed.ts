import { ReaderFeed } from '../core/ReaderFeed.ts'
import type { Db } from '../core/db/Db.ts'
import type { Logger } from '../core/logger.ts'
import { spaceAbilities } from '../policies/spacePolicy.ts'
import { findSpace } from '../spaces/spaceQueries.ts'

/**
 * Who is watching which space's page tree (or map of links) on this instance, keyed by space:
 * a reader hears `changed(spaceId)` while they may still read the space.
 */
export class SpaceTreeFeed extends ReaderFeed {
  constructor(db: Db, logger: Logger) {
    super(async (spaceId, actor) => {
      const space = await findSpace(db, spaceId, actor.userId)
      return Boolean(space && spaceAbilities(actor, space).read)
    }, logger, 'page tree readers')
  }
}
