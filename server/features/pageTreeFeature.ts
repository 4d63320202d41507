import type { Feature } from '../core/Feature.ts'
import { spaceTreeRoutes } from '../http/routes/spaceTreeRoutes.ts'
import { SpaceTreeFeed } from '../pages/SpaceTreeFeed.ts'

/**
 * The live page tree: readers of a space keep a stream open and hear, from every instance,
 * when one of its pages is created, renamed, moved or deleted, and lose the stream when they
 * lose access to the space.
 */
export function pageTreeFeature(): Feature {
  let feed: SpaceTreeFeed | undefined
  const feedFor = (services: Parameters<NonNullable<Feature['start']>>[0]) => (feed ??= new SpaceTreeFeed(services.db, services.logger))
  return {
    routes: [(services) => spaceTreeRoutes(services, feedFor(services))],
    async start(services) {
      const tree = feedFor(services)
      const { broadcast } = services
      const changed = ({ spaceId }: { spaceId: string }) => tree.changed(spaceId)
      const stops = [
        broadcast.on('pageCreated', changed),
        broadcast.on('pageRenamed', changed),
        broadcast.on('pageMoved', changed),
        broadcast.on('pageDeleted', changed),
        broadcast.on('membershipChanged', ({ spaceId }) => tree.recheck(spaceId)),
        broadcast.on('spaceChanged', ({ spaceId }) => tree.recheck(spaceId)),
        broadcast.on('sessionEnded', ({ sessionId }) => tree.endSession(sessionId)),
      ]
      return async () => {
        for (const stop of stops) stop()
        tree.closeAll()
      }
    },
  }
}
