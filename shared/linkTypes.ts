/** Shapes of the links API (wiki links, backlinks, wanted and orphaned pages), for server and client. */
import type { ApiPageInSpace } from './apiTypes.ts'

/** A page that links here: `GET /api/pages/:pageId/backlinks`. */
export interface ApiBacklink extends ApiPageInSpace {
  /** The sentence around the (first) link, cut to about 240 characters. */
  snippet: string
  /** Where the link sits in `snippet`: [from, to). */
  highlight: [number, number]
  /** How many links that page has to this one. */
  linkCount: number
}

/** A title that is linked to but has no page: `GET /api/spaces/:spaceId/wanted`. */
export interface ApiWantedPage {
  title: string
  links: number
  pages: number
  /** The readable pages that link to it. */
  linkedFrom: { pageId: string; title: string; spaceSlug: string }[]
}

/** A page and how many readable pages link to it: `GET /api/spaces/:spaceId/most-linked`. */
export interface ApiLinkedPage {
  pageId: string
  title: string
  slug: string
  /** How many other pages link to it (several links from one page count once). */
  pages: number
}

/** The page a title leads to: `GET /api/spaces/:spaceId/resolve?title=`. */
export interface ApiResolvedTitle {
  pageId: string
  title: string
  slug: string
  spaceId: string
  spaceSlug: string
  /** `alias` when the title is an old title of the page (it was renamed). */
  via: 'title' | 'alias'
}

/** One answer of `GET /api/spaces/:spaceId/resolutions?target=…`: the page, or null for a red link. */
export interface ApiTargetResolution {
  target: string
  page: ApiResolvedTitle | null
}

/** An autocomplete entry of `GET /api/spaces/:spaceId/titles?prefix=`. */
export interface ApiTitleSuggestion {
  kind: 'page' | 'space'
  /** What the link's target becomes: `Title`, `space-slug:Title`, or `space-slug:` for a space. */
  target: string
  /** The page title, or the space name. */
  title: string
  pageId: string | null
  spaceSlug: string
}

/** A link as written in a page: `GET /api/pages/:pageId/links`. */
export interface ApiOutgoingLink {
  target: string
  label: string
  /** The page it leads to, or null when there is none (or none the caller may read). */
  page: { id: string; title: string; slug: string; spaceSlug: string } | null
}

/** A stateless message the server sends to a page's open connections; the client refetches. */
export interface LinkNotice {
  type: 'backlinks' | 'links'
  pageId: string
}
