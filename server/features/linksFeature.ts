import type { Feature } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { linkIndexer } from '../links/linkIndexer.ts'
import { reconcileLinks } from '../links/linkQueries.ts'
import { linkRoutes } from '../http/routes/linkRoutes.ts'
import { previewRoutes } from '../http/routes/previewRoutes.ts'
import { relayPageNotices } from '../links/notifyPageReaders.ts'
import { relinkCreatedPage, relinkDeletedPage, relinkRenamedPage } from '../links/relinkPages.ts'

/**
 * Wiki links: the link index (kept by an indexer on every document change), live backlinks
 * (page notices relayed to open pages), renames that keep links working (aliases), red links
 * turning blue when their page is created and red again when it is deleted; link previews (hover cards).
 */
export const linksFeature: Feature = {
  routes: [linkRoutes, previewRoutes],
  indexers: (services) => [linkIndexer(services)],
  start: async (services) => {
    const stopRelay = await relayPageNotices(services)
    const stopFollowing = followPageEvents(services)
    return async () => {
      await stopFollowing()
      await stopRelay()
    }
  },
}

/**
 * Re-resolves links as pages are created, renamed and deleted, one event at a time in the
 * order they happened; first brings the whole index in line once (an event may have been lost
 * to a crash). Resolves to a function that stops and waits for the work in progress.
 */
function followPageEvents(services: Services): () => Promise<void> {
  const { db, events, logger } = services
  let queue: Promise<void> = Promise.resolve()
  const enqueue = (what: string, work: () => Promise<unknown>) => {
    queue = queue.then(work).then(() => {}, (err) => logger.error({ err, what }, 'could not update links'))
  }
  enqueue('reconcile', async () => {
    const changed = await reconcileLinks(db)
    if (changed > 0) logger.info({ changed }, 'links re-resolved at start-up')
  })
  const onCreated = (page: { pageId: string; spaceId: string; title: string }) => enqueue('pageCreated', () => relinkCreatedPage(db, page))
  const onRenamed = (page: { pageId: string; spaceId: string; oldTitle: string; title: string }) => enqueue('pageRenamed', () => relinkRenamedPage(db, page))
  const onDeleted = (page: { pageId: string; spaceId: string }) => enqueue('pageDeleted', () => relinkDeletedPage(db, page))
  events.on('pageCreated', onCreated)
  events.on('pageRenamed', onRenamed)
  events.on('pageDeleted', onDeleted)
  return async () => {
    events.off('pageCreated', onCreated)
    events.off('pageRenamed', onRenamed)
    events.off('pageDeleted', onDeleted)
    await queue
  }
}
