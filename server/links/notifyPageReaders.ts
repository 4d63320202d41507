import type { Queryable } from '../core/db/Db.ts'
import { listenWithHeartbeat } from '../scale/listenWithHeartbeat.ts'
import type { Services } from '../core/Services.ts'

/**
 * What changed about a page, for the people who have it open: `backlinks` = the pages linking
 * to it changed; `links` = a page it links to appeared, moved or went away (red/blue);
 * `page` = the page itself was renamed.
 */
export interface PageNotice {
  pageId: string
  type: PageNoticeType
}

const NOTICE_TYPES = ['backlinks', 'links', 'page'] as const
export type PageNoticeType = typeof NOTICE_TYPES[number]

/** The Postgres channel page notices travel on (lower case: PGlite does not quote it). */
export const PAGE_NOTICES_CHANNEL = 'palimpsest_page_notices'

// A NOTIFY payload holds at most 8000 bytes; a page id takes 39 in the JSON.
const IDS_PER_NOTIFY = 150

/**
 * Tells the readers of the given pages, on every instance, that something about them changed.
 * Sent with Postgres NOTIFY inside the caller's transaction, so it goes out only when the
 * change is committed and a reader who refetches sees it. This is the one place that
 * publishes page notices; `relayPageNotices` is the one place that delivers them.
 */
export async function notifyPageReaders(tx: Queryable, notices: PageNotice[]): Promise<void> {
  for (const type of NOTICE_TYPES) {
    const ids = [...new Set(notices.filter((n) => n.type === type).map((n) => n.pageId))]
    for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) {
      const payload = JSON.stringify({ type, pageIds: ids.slice(i, i + IDS_PER_NOTIFY) })
      await tx.query('SELECT pg_notify($1, $2)', [PAGE_NOTICES_CHANNEL, payload])
    }
  }
}

/**
 * Delivers page notices to this instance's open documents as Hocuspocus stateless messages
 * (`{"type":"backlinks","pageId":...}`); the client refetches with its own permissions, so a
 * notice carries no content. The LISTEN connection is watched by a heartbeat; when it had to
 * be replaced, every open page is told to refetch, since notices may have been missed.
 * Resolves to a function that stops listening.
 */
export async function relayPageNotices(services: Services): Promise<() => Promise<void>> {
  const { hocuspocus, logger } = services
  // relayStateless, not broadcastStateless: every instance got the NOTIFY itself, so no
  // scale-out hook may forward it again.
  const relay = (type: PageNoticeType, pageId: string) =>
    hocuspocus.documents.get(pageId)?.relayStateless(JSON.stringify({ type, pageId }))
  return listenWithHeartbeat({
    db: services.db,
    channel: PAGE_NOTICES_CHANNEL,
    instanceId: services.config.instanceId,
    logger,
    onNotify: (payload) => {
      let message: { type?: unknown; pageIds?: unknown }
      try {
        message = JSON.parse(payload)
      } catch (err) {
        logger.warn({ err, payload }, 'ignored a malformed page notice')
        return
      }
      const { type, pageIds } = message
      if (!NOTICE_TYPES.includes(type as PageNoticeType) || !Array.isArray(pageIds)) return
      for (const pageId of pageIds) relay(type as PageNoticeType, String(pageId))
    },
    onRelisten: () => {
      for (const pageId of hocuspocus.documents.keys()) {
        for (const type of NOTICE_TYPES) relay(type, pageId)
      }
    },
  })
}
