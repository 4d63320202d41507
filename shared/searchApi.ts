/** One answer of `GET /api/search` (docs/API.md plus what the client needs to link and label it). */
export interface ApiSearchResult {
  pageId: string
  spaceId: string
  title: string
  /**
   * Text around the matched words, as HTML: everything is escaped, matched words are wrapped
   * in `<mark>…</mark>`. Empty for a page without text.
   */
  snippet: string
  slug: string
  spaceSlug: string
  spaceName: string
  updatedAt: string
}

/** Most results one search returns, and the default. */
export const MAX_SEARCH_LIMIT = 50
export const DEFAULT_SEARCH_LIMIT = 20
/** Longest query accepted, in characters. */
export const MAX_SEARCH_QUERY_LENGTH = 200
