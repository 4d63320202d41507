/** Shapes of link previews (hover cards), for server and client. */

/** A readable page in brief: `GET /api/pages/:pageId/preview`. */
export interface ApiPagePreview {
  pageId: string
  title: string
  slug: string
  spaceId: string
  spaceSlug: string
  /** The page's first paragraph, cut to about 300 characters at a word; '' for an empty page. */
  excerpt: string
  /** When the page last changed. */
  updatedAt: string
}

/**
 * What a link target leads to, as the caller may know it: `GET /api/spaces/:spaceId/preview?target=`.
 * `page`: a page they may read (its preview). `missing`: no such page in a space they may read
 * (a red link; `canCreate` when they may create it there). `hidden`: a space they may not read
 * (or none): nothing but the title, so a private page's existence never shows.
 */
export interface ApiLinkPreview {
  target: string
  state: 'page' | 'missing' | 'hidden'
  /** The title the link shows: the page's title, or the target's title part. */
  title: string
  preview: ApiPagePreview | null
  canCreate: boolean
  /** The space the missing page would be created in (`missing` only). */
  spaceSlug: string | null
}
