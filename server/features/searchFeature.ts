import type { Feature } from '../core/Feature.ts'
import type { DocumentIndexer, IndexInput } from '../core/DocumentIndexer.ts'
import type { Services } from '../core/Services.ts'
import { rebuildSearchDocument, refreshSearchDocument, SEARCH_RECIPE } from '../search/refreshSearchDocument.ts'
import { SearchRebuildPacer } from '../search/SearchRebuildPacer.ts'
import { pagesNeedingSearchDocuments } from '../search/searchDocumentQueries.ts'
import { searchRoutes } from '../http/routes/searchRoutes.ts'

const BACKFILL_BATCH = 200
/** While a page is being edited, its search document is rebuilt at most this often (see SearchRebuildPacer). */
const REBUILD_INTERVAL_MS = 3000

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

/** refreshSearchDocument, its failure logged rather than thrown (the callers run it in the background). */
function refreshReporting({ db, logger }: Pick<Services, 'db' | 'logger'>) {
  return (pageId: string, formerTitle?: string): Promise<void> => refreshSearchDocument(db, pageId, formerTitle)
    .catch((err) => logger.error({ err, page: pageId }, 'could not update the search document'))
}

/**
 * Full-text search: `GET /api/search`, an indexer that rebuilds a page's search document as it
 * changes (beside text and links; paced while it is being edited), and listeners that follow
 * creations, renames (the old title becomes an alias) and deletions.
 */
export function searchFeature(): Feature {
  let pacer: SearchRebuildPacer | undefined
  return {
    routes: [searchRoutes],
    indexers: (services) => {
      const refresh = refreshReporting(services)
      const paced = new SearchRebuildPacer((pageId) => refresh(pageId), REBUILD_INTERVAL_MS)
      pacer = paced
      // Scaled out, every run rebuilds in the run's transaction: only an instance alone asks canSkip.
      const search: DocumentIndexer = Object.assign(async function search({ pageId, tx }: IndexInput) {
        await rebuildSearchDocument(tx, pageId)
      }, { canSkip: async ({ pageId }: { pageId: string }) => !paced.claim(pageId) })
      return [search]
    },
    start: (services) => startListeners(services, () => pacer?.stop()),
  }
}

/** Follows creations, renames and deletions, and rebuilds outdated documents; resolves to the stop. */
async function startListeners(services: Services, stopPacer: () => Promise<void> | undefined): Promise<() => Promise<void>> {
  const { events, logger } = services
  const refreshReported = refreshReporting(services)
  // Refreshes still running when the server stops are awaited before the database closes.
  const running = new Set<Promise<void>>()
  const refresh = (pageId: string, formerTitle?: string) => {
    const work = refreshReported(pageId, formerTitle).finally(() => running.delete(work))
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
    // Runs after the last index runs (see createPalimpsest's close): rebuilds left waiting go now.
    await stopPacer()
    await backfilling
    await Promise.all(running)
  }
}
