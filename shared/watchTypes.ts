/** Shapes of the watchlist API, for server and client. */
import type { ApiPageInSpace, ApiUser } from './apiTypes.ts'

/** Why a page is watched: by choice, because its space is, or because the caller created or edited it. */
export type WatchVia = 'page' | 'space' | 'auto'

/** What changed on a page since the caller's last visit, by others (their own edits do not count). */
export interface ApiChangesSince {
  /** How many revisions others made since. */
  revisions: number
  authors: ApiUser[]
  charsAdded: number
  charsRemoved: number
  wordsAdded: number
  wordsRemoved: number
  /** The newest of those revisions. */
  lastChangedAt: string | null
  /** The revision the caller last saw (the diff starts there); null: the empty page before the first. */
  seenRevision: { id: string; number: number } | null
}

/** One entry of `GET /api/watchlist`. */
export interface ApiWatchedPage extends ApiPageInSpace {
  via: WatchVia
  /** Whether others changed the page since the caller's last visit (or since they began watching it). */
  changedSince: boolean
  lastVisitAt: string | null
  changes: ApiChangesSince
}

/** `GET /api/pages/:pageId/watch` and the answer of `POST /api/pages/:pageId/visit` (the state before the visit). */
export interface ApiPageWatch {
  watching: boolean
  via: WatchVia | null
  changedSince: boolean
  lastVisitAt: string | null
  changes: ApiChangesSince | null
}

/** `GET /api/spaces/:spaceId/watch`. */
export interface ApiSpaceWatch {
  watching: boolean
}

/** `GET /api/watchlist/settings`. */
export interface ApiWatchSettings {
  /** Watch pages one creates or edits (on unless turned off). */
  autoWatch: boolean
  /** Others' changes to watched pages reach the notification inbox (off unless turned on). */
  notifyChanges: boolean
}
