import { seedFirstRevision } from '../history/seedFirstRevision.ts'
import type { Feature } from '../core/Feature.ts'
import type { Services } from '../core/Services.ts'
import { historyEventsRoutes } from '../http/routes/historyEventsRoutes.ts'
import { historyRoutes } from '../http/routes/historyRoutes.ts'
import { proposalRoutes } from '../http/routes/proposalRoutes.ts'
import { HistoryWorkers } from '../history/HistoryWorkers.ts'
import { PageHistoryFeed } from '../history/PageHistoryFeed.ts'
import { revisionOptionsFromEnv, type RevisionOptions } from '../history/revisionOptions.ts'
import { RevisionsExtension } from '../history/RevisionsExtension.ts'
import { CarriedTextExtension } from '../history/CarriedTextExtension.ts'

const historyFeatures = new WeakSet<Feature>()

/**
 * Revision history: revisions cut automatically at the end of editing bursts and by hand,
 * with diff, blame, restore and recent changes, and proposed changes merged into it. Thresholds come from REVISION_IDLE_MS and
 * REVISION_MAX_BURST_MS unless given.
 */
export function historyFeature(options: RevisionOptions = revisionOptionsFromEnv()): Feature {
  // One extension per server (a feature list may be reused by a restarted server).
  const extensions = new WeakMap<Services, RevisionsExtension>()
  const revisions = (services: Services) => {
    if (!extensions.has(services)) extensions.set(services, new RevisionsExtension(services, options))
    return extensions.get(services)!
  }
  const pools = new WeakMap<Services, HistoryWorkers>()
  const workers = (services: Services) => {
    if (!pools.has(services)) pools.set(services, new HistoryWorkers(services, services.config.limits.historyConcurrency))
    return pools.get(services)!
  }
  const feeds = new WeakMap<Services, PageHistoryFeed>()
  const feed = (services: Services) => {
    if (!feeds.has(services)) feeds.set(services, new PageHistoryFeed(services.db, services.logger))
    return feeds.get(services)!
  }
  const feature: Feature = {
    extensions: (services) => [new CarriedTextExtension(services), revisions(services)],
    // Proposals merge into a page's history: they share its revisions extension.
    routes: [
      (services) => historyRoutes(services, () => revisions(services), () => workers(services)),
      (services) => proposalRoutes(services, () => revisions(services)),
      (services) => historyEventsRoutes(services, feed(services)),
    ],
    // Diff, blame and revision contents run in worker threads, stopped with the server. Open
    // pages hear `{"type":"proposals"}` on every instance when a proposal to them opens or closes.
    // Open histories hear of each new revision, and lose their stream with access to the page.
    start: async (services) => {
      const history = feed(services)
      const notice = ({ pageId }: { pageId: string }) => {
        // relayStateless: every instance hears the broadcast itself, so none may forward it again.
        services.hocuspocus.documents.get(pageId)?.relayStateless(JSON.stringify({ type: 'proposals', pageId }))
      }
      const { broadcast } = services
      const stops = [
        broadcast.on('proposalOpened', notice),
        broadcast.on('proposalClosed', notice),
        broadcast.on('revisionCut', ({ pageId }) => history.changed(pageId)),
        broadcast.on('revisionNamed', ({ pageId }) => history.changed(pageId)),
        broadcast.on('pageDeleted', ({ pageId }) => history.recheck(pageId)),
        broadcast.on('membershipChanged', () => history.recheckAll()),
        broadcast.on('spaceChanged', () => history.recheckAll()),
        broadcast.on('sessionEnded', ({ sessionId }) => history.endSession(sessionId)),
      ]
      return async () => {
        for (const stop of stops) stop()
        history.closeAll()
        await workers(services).close()
      }
    },
    onSeeded: seedFirstRevision,
  }
  historyFeatures.add(feature)
  return feature
}

/** Whether a feature is the history feature (tests swap it for one with short thresholds). */
export function isHistoryFeature(feature: Feature): boolean {
  return historyFeatures.has(feature)
}
