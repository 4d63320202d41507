import type { Feature } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { linkIndexer } from '../links/linkIndexer.ts'
import { reconcileLinks } from '../links/linkQueries.ts'
import { graphRoutes } from '../http/routes/graphRoutes.ts'
import { linkRoutes } from '../http/routes/linkRoutes.ts'
import { previewRoutes } from '../http/routes/previewRoutes.ts'
import { relayPageNotices } from '../links/notifyPageReaders.ts'
import { relinkCreatedPage, relinkDeletedPage, relinkRenamedPage } from '../links/relinkPages.ts'
import { SpaceTreeFeed } from '../pages/SpaceTreeFeed.ts'

/**
 * Wiki links: the link index (kept by an indexer on every document change), live backlinks
 * (page notices relayed to open pages), renames that keep links working (aliases), red links
 * turning blue when their page is created and red again when it is deleted; link previews (hover
 * cards); the map of links (a space's graph, a page's neighbourhood, live).
 */
export function linksFeature(): Feature {
  // The readers of each space's map of links (a feed like the page tree's, told when links change).
  let graphFeed: SpaceTreeFeed | undefined
  const feedFor = (services: Services) => (graphFeed ??= new SpaceTreeFeed(services.db, services.logger))
  return {
    routes: [linkRoutes, previewRoutes, (services) => graphRoutes(services, feedFor(services))],
    indexers: (services) => [linkIndexer(services)],
    start: async (services) => {
      const stopRelay = await relayPageNotices(services)
      const stopFollowing = followPageEvents(services)
      const stopMaps = followMapChanges(services, feedFor(services))
      return async () => {
        stopMaps()
        await stopFollowing()
        await stopRelay()
      }
    },
  }
}

/** Tells the open maps of a space, on every instance, that its links or pages changed; and who may still read it. */
function followMapChanges(services: Services, feed: SpaceTreeFeed): () => void {
  const { broadcast } = services
  const changed = ({ spaceId }: { spaceId: string }) => feed.changed(spaceId)
  const stops = [
    broadcast.on('linksChanged', changed),
    broadcast.on('pageCreated', changed),
    broadcast.on('pageRenamed', changed),
    broadcast.on('pageDeleted', changed),
    broadcast.on('membershipChanged', ({ spaceId }) => feed.recheck(spaceId)),
    broadcast.on('spaceChanged', ({ spaceId }) => feed.recheck(spaceId)),
    broadcast.on('sessionEnded', ({ sessionId }) => feed.endSession(sessionId)),
  ]
  return () => {
    for (const stop of stops) stop()
    feed.closeAll()
  }
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
  // Once links are re-resolved, the space's map has turned red nodes blue (or back): say so.
  const relinked = (page: { pageId: string; spaceId: string }) => () => { events.emit('linksChanged', { pageId: page.pageId, spaceId: page.spaceId }) }
  const onCreated = (page: { pageId: string; spaceId: string; title: string }) =>
    enqueue('pageCreated', () => relinkCreatedPage(db, page).then(relinked(page)))
  const onRenamed = (page: { pageId: string; spaceId: string; oldTitle: string; title: string }) =>
    enqueue('pageRenamed', () => relinkRenamedPage(db, page).then(relinked(page)))
  const onDeleted = (page: { pageId: string; spaceId: string }) => enqueue('pageDeleted', () => relinkDeletedPage(db, page).then(relinked(page)))
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
