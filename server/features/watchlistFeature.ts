import type { EventPayload } from '../core/Broadcast.ts'
import type { Feature } from '../core/Feature.ts'
import { watchRoutes } from '../http/routes/watchRoutes.ts'
import { notifyChangeWatchers } from '../watchlist/notifyChangeWatchers.ts'

/**
 * The watchlist: watched pages and spaces, auto-watching what one creates or edits, and what
 * others changed since one's last visit (read from the revisions history cuts); for those who
 * turn it on, each revision others cut of a watched page reaches their notification inbox.
 */
export const watchlistFeature: Feature = {
  routes: [watchRoutes],
  async start(services) {
    const { events, logger } = services
    // Once, on the instance that cut the revision (a database write).
    const onCut = (cut: EventPayload<'revisionCut'>) => {
      notifyChangeWatchers(services, cut)
        .catch((err) => logger.error({ err, page: cut.pageId, revision: cut.revisionId }, 'could not tell watchers of a change'))
    }
    events.on('revisionCut', onCut)
    return async () => { events.off('revisionCut', onCut) }
  },
}
