import type { ApiChangesSince, ApiPageWatch, ApiWatchedPage } from '../../shared/watchTypes.ts'
import type { WatchedPageRow } from './watchlistQueries.ts'

function presentChanges(row: WatchedPageRow): ApiChangesSince {
  return {
    revisions: row.revisions,
    authors: row.authors ?? [],
    charsAdded: row.charsAdded,
    charsRemoved: row.charsRemoved,
    wordsAdded: row.wordsAdded,
    wordsRemoved: row.wordsRemoved,
    lastChangedAt: row.lastChangedAt ? new Date(row.lastChangedAt).toISOString() : null,
    seenRevision: row.seenRevisionId ? { id: row.seenRevisionId, number: row.seenRevisionNumber ?? 0 } : null,
  }
}

/** An entry of the watchlist. */
export function presentWatchedPage(row: WatchedPageRow): ApiWatchedPage {
  return {
    pageId: row.pageId,
    title: row.title,
    slug: row.slug,
    spaceId: row.spaceId,
    spaceSlug: row.spaceSlug,
    spaceName: row.spaceName,
    via: row.via,
    changedSince: row.revisions > 0,
    lastVisitAt: row.lastVisitAt ? new Date(row.lastVisitAt).toISOString() : null,
    changes: presentChanges(row),
  }
}

/** One page's watch state for the caller (`row` undefined: not watched). */
export function presentPageWatch(row: WatchedPageRow | undefined): ApiPageWatch {
  if (!row) return { watching: false, via: null, changedSince: false, lastVisitAt: null, changes: null }
  return {
    watching: true,
    via: row.via,
    changedSince: row.revisions > 0,
    lastVisitAt: row.lastVisitAt ? new Date(row.lastVisitAt).toISOString() : null,
    changes: presentChanges(row),
  }
}
