import type { Feature } from '../core/Feature.ts'
import type { DocumentIndexer } from '../core/DocumentIndexer.ts'
import type { Services } from '../core/Services.ts'
import { rebuildSearchDocument, refreshSearchDocument, SEARCH_RECIPE } from '../search/refreshSearchDocument.ts'
import { pagesNeedingSearchDocuments } from '../search/searchDocumentQueries.ts'
import { searchRoutes } from '../http/routes/searchRoutes.ts'

const BACKFILL_BATCH = 200

/** Rebuilds the search documents of pages that have none or an outdated one (after an upgrade). */
async function backfill(services: Services, stopped: () => boolean): Promise<number> {
  let done = 0
  while (!stopped()) {
    const pageIds = await pagesNeedingSearchDocuments(services.db, SEARCH_RECIPE, BACKFILL_BATCH)
    for (const pageId of pageIds) {
      if (stopped()) break
      await refreshSearchDocument(services.db, pageId)
    }
    done += pageIds.length
    if (pageIds.length < BACKFILL_BATCH) break
  }
  return done
}

/**
 * Full-text search: `GET /api/search`, an indexer that rebuilds a page's search document on
 * every change (beside text and links), and listeners that follow creations, renames
 * (the old title becomes an alias) and deletions.
 */
export const searchFeature: Feature = {
  routes: [searchRoutes],
  indexers: () => {
    const searchIndexer: DocumentIndexer = ({ pageId, tx }) => rebuildSearchDocument(tx, pageId)
    return [searchIndexer]
  },
  async start(services) {
    const { events, logger } = services
    // Refreshes still running when the server stops are awaited before the database closes.
    const running = new Set<Promise<void>>()
    const refresh = (pageId: string, formerTitle?: string) => {
      const work = refreshSearchDocument(services.db, pageId, formerTitle)
        .catch((err) => logger.error({ err, page: pageId }, 'could not update the search document'))
        .finally(() => running.delete(work))
      running.add(work)
    }
    const onCreated = ({ pageId }: { pageId: string }) => refresh(pageId)
    const onRenamed = ({ pageId, oldTitle }: { pageId: string; oldTitle: string }) => refresh(pageId, oldTitle)
    const onDeleted = ({ pageId }: { pageId: string }) => refresh(pageId)
    events.on('pageCreated', onCreated)
    events.on('pageRenamed', onRenamed)
    events.on('pageDeleted', onDeleted)

    let stopped = false
    const backfilling = backfill(services, () => stopped)
      .then((count) => { if (count) logger.info({ pages: count }, 'search documents rebuilt') })
      .catch((err) => logger.error({ err }, 'could not rebuild search documents'))
    return async () => {
      stopped = true
      events.off('pageCreated', onCreated)
      events.off('pageRenamed', onRenamed)
      events.off('pageDeleted', onDeleted)
      await backfilling
      await Promise.all(running)
    }
  },
}
